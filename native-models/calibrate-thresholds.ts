// Calibrates each embedder's distance thresholds on labeled pairs and writes them into manifest.json.
//   npx tsx native-models/calibrate-thresholds.ts [--faces ../shared/faces] [--write]
// verify = the accuracy-optimal threshold over all pairs of all sets together (what `kindred verify` uses): celeb5,
//          bbt and both cfp protocols (frontal–frontal and frontal–profile, so profiles weigh in);
// auto   = the largest threshold with FAR ≤ 1e-3 (automatic recognition must almost never accept a stranger);
//          where the sets cannot resolve 1e-3 this is the threshold just below the closest different pair.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { embedImages } from '../app/workflows/embed-images.js';
import { readPairsFile, type LabeledPair } from '../app/eval/pairs-file.js';
import { scorePairs } from '../app/workflows/evaluate-pairs.js';
import { bestAccuracyThreshold, thresholdAtFar } from '../app/eval/verification-metrics.js';
import { sharedFacesDir } from '../app/testing/shared-faces.js';
import { FaceAnalysisPool } from '../app/vision/face-analysis-pool.js';
import { defaultManifestPath, loadManifest } from '../app/shared/model-manifest.js';
import { formatManifestJson } from './manifest-format.js';

const args = process.argv.slice(2);
const facesDir = args.includes('--faces') ? args[args.indexOf('--faces') + 1]! : sharedFacesDir;
if (!facesDir) throw new Error('labeled faces not found: pass --faces DIR');
/** Each set's folder and its pairs files (cfp's two protocols share their images, embedded once). */
const SETS: ReadonlyArray<[string, string[]]> = [
  ['celeb5', ['celeb5_pairs.csv']],
  ['bbt', ['bbt_pairs.csv']],
  ['cfp', ['cfp_ff_pairs.csv', 'cfp_fp_pairs.csv']],
];

const manifest = loadManifest();
const raw = JSON.parse(readFileSync(defaultManifestPath, 'utf8')) as { models: Record<string, unknown>[] };
for (const entry of manifest.models) {
  if (entry.role !== 'embedder') continue;
  if (entry.unusable) {
    console.log(`${entry.id}: not calibrated (marked unusable)`);
    continue;
  }
  let pool: FaceAnalysisPool | undefined;
  try {
    pool = new FaceAnalysisPool({ embedder: entry.id, executionProvider: 'cpu' });
    const distances: number[] = [];
    const labels: boolean[] = [];
    const measured: Record<string, number> = {};
    for (const [set, files] of SETS) {
      const byFile = files.map((f) => readPairsFile(join(facesDir, f)));
      const embedded = await embedImages(join(facesDir, set), byFile.flat().flatMap((p) => [p.a, p.b]), pool);
      files.forEach((file, i) => {
        const pairs: LabeledPair[] = byFile[i]!;
        const scored = scorePairs(pairs, embedded);
        const name = file.replace(/_pairs\.csv$/, '').replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
        measured[`${name}Accuracy10Fold`] = scored.report.meanAccuracy;
        measured[`${name}BestThreshold`] = scored.report.bestThreshold.threshold;
        distances.push(...scored.distances);
        labels.push(...pairs.map((p) => p.same));
      });
      measured[`${set}NoFaceImages`] = [...embedded.values()].filter((e) => e.source === 'whole-image').length;
    }
    const verify = bestAccuracyThreshold(distances, labels);
    const auto = thresholdAtFar(distances, labels, 1e-3);
    const thresholds = { verify: round(verify.threshold), auto: round(auto.threshold) };
    const calibration = {
      method:
        'verify: accuracy-optimal threshold over all pairs of all sets together; auto: largest threshold with FAR <= 1e-3 on them; ' +
        'embeddings from the scan pipeline (largest face; whole image where none is found)' +
        (entry.faceChip ? `, dlib face chips from ${entry.faceChip.landmarks}` : '') +
        (entry.flipAverage ? ', flip-averaged' : ''),
      data: SETS.map(([s, files]) => `../shared/faces/${s} (${files.join(', ')})`),
      measured: { ...measured, pairs: distances.length, verifyAccuracy: verify.accuracy, autoVal: auto.val, autoFar: auto.far },
      date: new Date().toISOString().slice(0, 10),
    };
    console.log(entry.id, thresholds, calibration.measured);
    const target = raw.models.find((m) => m['id'] === entry.id)!;
    target['thresholds'] = thresholds;
    target['calibration'] = calibration;
  } catch (error) {
    console.log(`${entry.id}: not calibrated (${(error as Error).message.split('\n')[0]})`);
  } finally {
    await pool?.close();
  }
}
if (args.includes('--write')) {
  writeFileSync(defaultManifestPath, formatManifestJson(raw));
  console.log(`wrote ${defaultManifestPath}`);
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
