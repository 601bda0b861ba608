import type { Command } from 'commander';
import { evaluateLibraryGrouping, type GroupingEvaluation } from '../../workflows/evaluate-grouping.js';
import { embedderOfLibraryOrNew, withLibrary } from '../cli-context.js';
import { evaluatePairsFile, type PairsEvaluation } from '../../workflows/evaluate-pairs.js';
import { latestFineTunedHead } from '../../workflows/apply-head.js';

/** `kindred eval ...`: the paper's metrics on labeled data. */
export function registerEvalCommand(program: Command): Command {
  const evalCommand = program.command('eval').description('measure accuracy on labeled faces');
  evalCommand
    .command('verify')
    .description('LFW protocol on a pairs CSV (img_a,img_b,same[,fold]): 10-fold accuracy, VAL@FAR, ROC AUC')
    .requiredOption('--root <dir>', 'folder the image paths are relative to')
    .requiredOption('--pairs <csv...>', 'pairs file(s); with several, each is also reported on its own (so is each value of a `type` column)')
    .option('--model <model>', "embedding model (default: the library's setting)")
    .option('--head <head>', 'latest: apply the library\'s latest fine-tuned head; none: the frozen model', 'none')
    .option('--json', 'print one JSON object on stdout and nothing else there')
    .action(async (options: { root: string; pairs: string[]; model?: string; head: string; json?: boolean }, command: Command) => {
      const entry = await embedderOfLibraryOrNew(command, options.model);
      if (options.head !== 'latest' && options.head !== 'none') throw new Error('--head is latest or none');
      const head = options.head === 'latest' ? await withLibrary(command, async (library) => latestFineTunedHead(library, entry.id)) : null;
      const result = await evaluatePairsFile(options.root, options.pairs, entry, {
        head,
        onProgress: (done, total) => {
          if (process.stderr.isTTY) process.stderr.write(`\rembedding ${done}/${total}\x1b[K`);
        },
      });
      if (process.stderr.isTTY) process.stderr.write('\n');
      if (options.json) console.log(JSON.stringify(toJson(entry.id, result)));
      else printVerification(entry.id, result);
    });
  evalCommand
    .command('cluster')
    .description('build a library from DIR/<identity>/* with the scan a user runs, and score its people groups against the folders (ours vs DBSCAN)')
    .requiredOption('--root <dir>', 'folder of identity folders')
    .option('--model <model>', 'embedding model (default: the one a new library uses)')
    .option('--batches <n>', 'scan the photos in this many batches, as if they arrived over time', '1')
    .option('--match <regex>', 'only image files whose name matches (e.g. frontal)')
    .option('--no-baseline', 'skip the DBSCAN baseline (slow on thousands of faces)')
    .option('--keep <dir>', 'keep the built library in this new folder (kindred.db, photos/) to experiment on')
    .option('--json', 'print one JSON object on stdout and nothing else there')
    .action(async (options: { root: string; model?: string; batches: string; match?: string; keep?: string; baseline: boolean; json?: boolean }) => {
      const batches = Number(options.batches);
      if (!Number.isInteger(batches) || batches < 1) throw new Error('--batches must be a whole number of at least 1');
      const result = await evaluateLibraryGrouping(options.root, {
        ...(options.model === undefined ? {} : { model: options.model }),
        batches,
        ...(options.match === undefined ? {} : { match: new RegExp(options.match) }),
        ...(options.keep === undefined ? {} : { keep: options.keep }),
        skipBaseline: !options.baseline,
        onBatch: (b, n) => process.stderr.isTTY && process.stderr.write(`scanning batch ${b}/${n}\n`),
      });
      if (options.json) {
        console.log(JSON.stringify(result));
        return;
      }
      printGrouping(result);
    });
  return evalCommand;
}

function printGrouping(r: GroupingEvaluation): void {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(`model ${r.modelId}: ${r.images} images of ${r.identities} people, scanned in ${r.batches} batch(es) in ${r.seconds.toFixed(1)} s, peak RSS ${r.peakRssMiB.toFixed(0)} MiB`);
  console.log(`coverage ${pct(r.coverage)} (photos whose main face is in a group), no face found in ${r.noFaceImages}, largest group ${r.largestGroup} faces`);
  if (r.dbscan) console.log(`DBSCAN minPts ${r.dbscan.minPts}; "oracle" = the eps that scores best against the truth, which no user can know`);
  console.log('                        groups  ungrouped  pairwise P/R/F1        BCubed P/R/F1          NMI');
  const rows: [string, GroupingEvaluation['kindred']][] = [
    ['Kindred (the scan)', r.kindred],
    ['  faces in a group', r.kindredGrouped],
  ];
  if (r.dbscan && r.dbscanOracle) rows.push([`DBSCAN eps ${r.dbscan.eps.toFixed(2)}`, r.dbscan], [`DBSCAN oracle eps ${r.dbscanOracle.eps.toFixed(2)}`, r.dbscanOracle]);
  for (const [name, m] of rows) {
    const prf = (x: { precision: number; recall: number; f1: number }) => `${x.precision.toFixed(3)}/${x.recall.toFixed(3)}/${x.f1.toFixed(3)}`;
    console.log(`  ${name.padEnd(22)}${String(m.clusterCount).padStart(6)}${String(m.unclusteredCount).padStart(11)}  ${prf(m.pairwise).padEnd(21)}  ${prf(m.bcubed).padEnd(21)}  ${m.nmi.toFixed(3)}`);
  }
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
  for (const [type, t] of Object.entries(r.byType)) {
    const val = t.report.valAtFar[0];
    console.log(
      `  ${type}: ${pct(t.report.meanAccuracy)} ± ${pct(t.report.standardError)} (s.e.), VAL ${pct(val?.val ?? 0)} @ FAR=${(val?.targetFar ?? 0).toExponential(0)}, ` +
        `AUC ${t.report.auc.toFixed(4)}, ${t.report.pairs} pairs, no face in ${t.noFaceImages} of ${t.images} images`,
    );
  }
}
