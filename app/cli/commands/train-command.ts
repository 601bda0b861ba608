import type { Command } from 'commander';
import { runJob } from '../../jobs/run-job.js';
import { switchHead, trainHarmonicHead, trainHead } from '../../workflows/train.js';
import { headIsStale } from '../../workflows/apply-head.js';
import type { FineTuneResult } from '../../training/fine-tune.js';
import { interruptSignal, withLibrary } from '../cli-context.js';
import { chosenEmbedder, embedderNamed } from '../../settings/chosen-embedder.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `kindred train` (fine-tune on labeled albums) and `kindred head` (list, switch on, switch off). */
export function registerTrainCommands(program: Command): void {
  program
    .command('train')
    .description('fine-tune the embedding locally on labeled faces (triplet loss, online hard-triplet mining)')
    .option('--album <dir>', 'a folder of one person, or a folder of person folders (repeatable)', collect, [])
    .option('--no-library', 'do not add the faces confirmed in the library')
    .option('--epochs <n>', 'most epochs (early stopping on validation VAL@FAR=1e-3)', '40')
    .option('--seed <n>', 'random seed', '1')
    .option('--model <model>', "embedding model (default: the library's setting)")
    .option('--apply', 'switch the new head on')
    .option('--harmonic', "instead: learn the map from --from's embeddings into the library's model's (albums only)")
    .option('--from <model>', 'with --harmonic: the model whose embeddings are mapped')
    .option('--json', 'print one JSON object on stdout')
    .action(async (options: { album: string[]; library: boolean; epochs: string; seed: string; model?: string; from?: string; apply?: boolean; harmonic?: boolean; json?: boolean }, command: Command) => {
      if (options.harmonic) {
        await trainHarmonicCommand(command, options);
        return;
      }
      await withLibrary(command, async (library) => {
        const entry = chosenEmbedder(library, { model: options.model });
        const epochs = Number(options.epochs);
        const { result: trained } = await runJob(
          library,
          'train',
          { model: entry.id, albums: options.album },
          ({ signal, progress }) => {
            progress.phase('training', epochs);
            return trainHead(library, entry, {
              albums: options.album,
              useLibrary: options.library,
              epochs,
              seed: Number(options.seed),
              signal,
              onEpoch: (record) => {
                if (record.epoch > 0) progress.advance();
                if (!options.json) console.error(`epoch ${record.epoch}: loss ${Number.isNaN(record.loss) ? '-' : record.loss.toFixed(4)}, validation VAL ${record.val.toFixed(3)}, AUC ${record.auc.toFixed(4)}`);
              },
            });
          },
          { signal: interruptSignal() },
        );
        const { stored, result } = trained;
        if (options.apply) await switchHead(library, entry, stored.id);
        if (options.json) {
          console.log(JSON.stringify({ head: { id: stored.id, version: stored.version, active: options.apply ?? false }, ...summary(result) }));
        } else {
          printSummary(result);
          console.log(`stored as head version ${stored.version}${options.apply ? ' (active)' : ` (switch it on: kindred head --use ${stored.version})`}`);
        }
      });
    });

  program
    .command('head')
    .description('list trained heads; --use VERSION switches one on, --use none switches it off')
    .option('--use <version>', 'a version number, or none')
    .option('--model <model>', "embedding model (default: the library's setting)")
    .action(async (options: { use?: string; model?: string }, command: Command) => {
      await withLibrary(command, async (library) => {
        const entry = chosenEmbedder(library, { model: options.model });
        const heads = library.heads;
        if (options.use === 'none') await switchHead(library, entry, null);
        else if (options.use !== undefined) {
          const head = heads.list(entry.id).find((h) => h.kind === 'fine-tune' && h.version === Number(options.use));
          if (!head) throw new Error(`no fine-tuned head version ${options.use} for ${entry.id}`);
          await switchHead(library, entry, head.id);
        }
        for (const h of heads.list(entry.id)) {
          const after = (h.metrics['after'] ?? {}) as { accuracy?: number; val?: number };
          const stale = headIsStale(library, h) ? ' (stale: trained on faces embedded with an older recipe; train again)' : '';
          console.log(`${h.kind} v${h.version}${h.active ? ' (active)' : ''}${stale}: validation accuracy ${after.accuracy?.toFixed(4)}, VAL ${after.val?.toFixed(3)}, trained ${new Date(h.createdAt).toISOString()}`);
        }
      });
    });
}

/** `kindred train --harmonic --from MODEL`: the map from MODEL's embeddings into the library's model's. */
async function trainHarmonicCommand(command: Command, options: { album: string[]; epochs: string; seed: string; model?: string; from?: string; json?: boolean }): Promise<void> {
  if (options.from === undefined) throw new Error('--harmonic needs --from <model>: the model whose embeddings are mapped');
  if (options.album.length === 0) throw new Error('--harmonic trains on albums: give at least one --album');
  await withLibrary(command, async (library) => {
    const from = embedderNamed(options.from!, 'evaluation');
    const to = chosenEmbedder(library, { model: options.model });
    const { stored, result } = await trainHarmonicHead(library, from, to, {
      albums: options.album,
      epochs: Number(options.epochs),
      seed: Number(options.seed),
      signal: interruptSignal(),
      onEpoch: (r) => !options.json && console.error(`epoch ${r.epoch}: loss ${r.loss.toFixed(4)}, cross-model VAL ${r.val.toFixed(3)}, AUC ${r.auc.toFixed(4)}`),
    });
    if (options.json) {
      console.log(JSON.stringify({ head: { id: stored.id, version: stored.version }, leastSquares: result.leastSquares, after: result.after, bestEpoch: result.bestEpoch }));
      return;
    }
    const f = (m: { balancedAccuracy: number; val: number; auc: number }) => `balanced accuracy ${(100 * m.balancedAccuracy).toFixed(2)}%, VAL ${(100 * m.val).toFixed(2)}%, AUC ${m.auc.toFixed(4)}`;
    console.log(`harmonic map ${from.id} → ${to.id}, cross-model verification on the validation split:`);
    console.log(`  least-squares map  ${f(result.leastSquares)}`);
    console.log(`  after triplet loss ${f(result.after)} (best epoch ${result.bestEpoch})`);
    console.log(`stored as harmonic head version ${stored.version}`);
  });
}

function summary(r: FineTuneResult): object {
  return { people: r.people, trainFaces: r.trainFaces, validationFaces: r.validationFaces, bestEpoch: r.bestEpoch, before: r.before, after: r.after, thresholds: r.thresholds, loss: r.history.map((h) => h.loss) };
}

function printSummary(r: FineTuneResult): void {
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  console.log(`${r.people} people, ${r.trainFaces} training faces, ${r.validationFaces} validation faces; best epoch ${r.bestEpoch}`);
  console.log(`  validation accuracy  ${pct(r.before.accuracy)} → ${pct(r.after.accuracy)}`);
  console.log(`  validation VAL@FAR≤${r.after.far.toExponential(1)}  ${pct(r.before.val)} → ${pct(r.after.val)}`);
  console.log(`  validation AUC       ${r.before.auc.toFixed(4)} → ${r.after.auc.toFixed(4)}`);
  console.log(`  thresholds with the head: verify ${r.thresholds.verify.toFixed(4)}, auto ${r.thresholds.auto.toFixed(4)}`);
}
