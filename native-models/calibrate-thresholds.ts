// Calibrates each embedder's distance thresholds on labeled pairs and writes them into manifest.json.
//   npx tsx native-models/calibrate-thresholds.ts [--faces ../shared/faces] [--write]
// verify = the accuracy-optimal threshold over all pairs of all sets together (what `kindred verify` uses);
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
const SETS = ['celeb5', 'bbt'];

const manifest = loadManifest();
const raw = JSON.parse(readFileSync(defaultManifestPath, 'utf8')) as { models: Record<string, unknown>[] };
for (const entry of manifest.models) {
  if (entry.role !== 'embedder') continue;
  let pool: FaceAnalysisPool | undefined;
  try {
    pool = new FaceAnalysisPool({ embedder: entry.id, executionProvider: 'cpu' });
    const distances: number[] = [];
    const labels: boolean[] = [];
    const measured: Record<string, number> = {};
    for (const set of SETS) {
      const pairs: LabeledPair[] = readPairsFile(join(facesDir, `${set}_pairs.csv`));
      const embedded = await embedImages(join(facesDir, set), pairs.flatMap((p) => [p.a, p.b]), pool);
      const scored = scorePairs(pairs, embedded);
      measured[`${set}Accuracy10Fold`] = scored.report.meanAccuracy;
      measured[`${set}BestThreshold`] = scored.report.bestThreshold.threshold;
      distances.push(...scored.distances);
      labels.push(...pairs.map((p) => p.same));
    }
    const verify = bestAccuracyThreshold(distances, labels);
    const auto = thresholdAtFar(distances, labels, 1e-3);
    const thresholds = { verify: round(verify.threshold), auto: round(auto.threshold) };
    const calibration = {
      method: 'verify: accuracy-optimal threshold over all pairs; auto: largest threshold with FAR <= 1e-3',
      data: SETS.map((s) => `../shared/faces/${s} (${s}_pairs.csv)`),
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
