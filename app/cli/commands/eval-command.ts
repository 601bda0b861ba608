import type { Command } from 'commander';
import { evaluateClusteringOn } from '../../workflows/evaluate-clustering.js';
import { EmbeddingHead } from '../../training/embedding-head.js';
import { HeadRepository } from '../../db/head-repository.js';
import { withLibrary } from '../cli-context.js';
import { evaluatePairs, type PairsEvaluation } from '../../workflows/evaluate-pairs.js';
import { embedderOf } from './people-command.js';
import { readPairsFile } from '../../eval/pairs-file.js';
import { FaceAnalysisPool } from '../../vision/face-analysis-pool.js';
import { findModel, loadManifest } from '../../shared/model-manifest.js';

/** `kindred eval ...`: the paper's metrics on labeled data. */
export function registerEvalCommand(program: Command): Command {
  const evalCommand = program.command('eval').description('measure accuracy on labeled faces');
  evalCommand
    .command('verify')
    .description('LFW protocol on a pairs CSV (img_a,img_b,same[,fold]): 10-fold accuracy, VAL@FAR, ROC AUC')
    .requiredOption('--root <dir>', 'folder the image paths are relative to')
    .requiredOption('--pairs <csv>', 'pairs file')
    .option('--model <model>', 'accurate or fast', 'accurate')
    .option('--head <head>', 'latest: apply the library\'s latest fine-tuned head; none: the frozen model', 'none')
    .option('--json', 'print one JSON object on stdout and nothing else there')
    .action(async (options: { root: string; pairs: string; model: string; head: string; json?: boolean }, command: Command) => {
      const entry = findModel(loadManifest(), options.model);
      if (entry.role !== 'embedder') throw new Error(`${options.model} is not an embedding model`);
      if (options.head !== 'latest' && options.head !== 'none') throw new Error('--head is latest or none');
      const transform = options.head === 'latest' ? await latestHeadTransform(command, entry.id) : undefined;
      const pairs = readPairsFile(options.pairs);
      const pool = new FaceAnalysisPool({ embedder: entry.id });
      try {
        const result = await evaluatePairs(options.root, pairs, pool, {
          ...(transform ? { transform } : {}),
          onProgress: (done, total) => {
            if (process.stderr.isTTY) process.stderr.write(`\rembedding ${done}/${total}\x1b[K`);
          },
        });
        if (process.stderr.isTTY) process.stderr.write('\n');
        if (options.json) console.log(JSON.stringify(toJson(entry.id, result)));
        else printVerification(entry.id, result);
      } finally {
        await pool.close();
      }
    });
  evalCommand
    .command('cluster')
    .description('cluster the faces of DIR/<identity>/* and score against the folders (ours vs DBSCAN)')
    .requiredOption('--root <dir>', 'folder of identity folders')
    .option('--model <model>', 'accurate or fast', 'accurate')
    .option('--json', 'print one JSON object on stdout and nothing else there')
    .action(async (options: { root: string; model: string; json?: boolean }) => {
      const entry = embedderOf(options.model, 'evaluation');
      const pool = new FaceAnalysisPool({ embedder: entry.id });
      try {
        const threshold = entry.thresholds['verify'];
        if (threshold === undefined) throw new Error(`${entry.id} has no calibrated verification threshold`);
        const result = await evaluateClusteringOn(options.root, pool, threshold);
        if (options.json) {
          console.log(JSON.stringify({ model: entry.id, ...result }));
          return;
        }
        console.log(`model ${entry.id}: ${result.images} images of ${result.identities} people, threshold ${result.threshold}`);
        console.log(`DBSCAN minPts ${result.dbscan.minPts}; "oracle" = the eps that scores best against the truth, which no user can know`);
        console.log('                        clusters  unclustered  pairwise P/R/F1        BCubed P/R/F1          NMI');
        const rows = [
          ['Kindred', result.kindred],
          [`DBSCAN eps ${result.dbscan.eps}`, result.dbscan],
          [`DBSCAN oracle eps ${result.dbscanOracle.eps}`, result.dbscanOracle],
        ] as const;
        for (const [name, r] of rows) {
          const prf = (m: { precision: number; recall: number; f1: number }) => `${m.precision.toFixed(3)}/${m.recall.toFixed(3)}/${m.f1.toFixed(3)}`;
          console.log(`  ${name.padEnd(22)}${String(r.clusterCount).padStart(8)}${String(r.unclusteredCount).padStart(13)}  ${prf(r.pairwise).padEnd(21)}  ${prf(r.bcubed).padEnd(21)}  ${r.nmi.toFixed(3)}`);
        }
      } finally {
        await pool.close();
      }
    });
  return evalCommand;
}

/** The library's latest fine-tuned head of a model, as a transform of embeddings. */
async function latestHeadTransform(command: Command, modelId: string): Promise<(v: Float32Array) => Float32Array> {
  const stored = await withLibrary(command, async (library) => new HeadRepository(library.db).latest('fine-tune', modelId));
  if (!stored) throw new Error(`no fine-tuned head for ${modelId} in this library (kindred train first)`);
  const head = EmbeddingHead.deserialize(stored.head);
  return (v) => head.apply([v])[0]!;
}

function toJson(model: string, r: PairsEvaluation): object {
  const { distances: _distances, ...rest } = r;
  return {
    model,
    ...rest,
    noFace: { count: r.noFaceImages.length, handling: 'embedded the whole image as a face crop', images: r.noFaceImages },
  };
}

function printVerification(model: string, r: PairsEvaluation): void {
  const rep = r.report;
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  console.log(`model ${model}: ${rep.pairs} pairs (${rep.samePairs} same, ${rep.differentPairs} different), ${r.images} images`);
  console.log(`  accuracy (10-fold)   ${pct(rep.meanAccuracy)} ± ${pct(rep.stdAccuracy)} (std), ± ${pct(rep.standardError)} (s.e.)`);
  for (const v of rep.valAtFar) {
    const note = v.resolved ? '' : ` (not resolvable with ${rep.differentPairs} different pairs: FAR = ${v.far.toExponential(1)})`;
    console.log(`  VAL @ FAR=${v.targetFar.toExponential(0)}       ${pct(v.val)} at threshold ${v.threshold.toFixed(4)}${note}`);
  }
  console.log(`  ROC AUC              ${rep.auc.toFixed(4)}`);
  console.log(`  best threshold       ${rep.bestThreshold.threshold.toFixed(4)} (accuracy ${pct(rep.bestThreshold.accuracy)} on all pairs)`);
  console.log(`  no face detected     ${r.noFaceImages.length} image(s)${r.noFaceImages.length ? ': embedded the whole image as a face crop' : ''}`);
  if (r.multiFaceImages) console.log(`  several faces        ${r.multiFaceImages} image(s): the largest face was used`);
}
