import type { Command } from 'commander';
import type { AnalyseSummary } from '../../vision/analyse-photos.js';
import { analysePhotos } from '../../vision/analyse-photos.js';
import { FaceAnalysisPool } from '../../vision/face-analysis-pool.js';
import { findModel, loadManifest } from '../../vision/model-manifest.js';
import type { Library } from '../../library/library.js';
import type { ProgressTracker } from '../../jobs/progress-tracker.js';
import { runJob } from '../../jobs/run-job.js';
import type { GroupingSummary } from '../../people/people-grouping.js';
import { refreshPeople } from '../../people/refresh-people.js';
import { addFolder } from '../../library/library-folders.js';
import { scanLibrary, type ScanSummary } from '../../library/scan-job.js';
import { interruptSignal, withLibrary } from '../cli-context.js';
import { progressPrinter } from '../progress-printer.js';

/** `kindred scan [folders...]`: adds the folders (if new) and catalogues them; with none, rescans the library. */
export function registerScanCommand(program: Command): void {
  program
    .command('scan')
    .description('add photo folders to the library and catalogue them (rescan everything when no folder is given)')
    .argument('[folders...]', 'folders to add and scan')
    .option('--model <model>', 'embedding model for faces: accurate or fast', 'accurate')
    .option('--no-faces', 'catalogue photos only; find faces later')
    .option('--json', 'print the summary as JSON on stdout')
    .action(async (folders: string[], options: { json?: boolean; faces: boolean; model: string }, command: Command) => {
      await withLibrary(command, async (library) => {
        const folderIds: number[] = [];
        for (const path of folders) {
          const added = await addFolder(library, path);
          if (added.status === 'covered') console.error(`${path} is inside library folder ${added.folder.path}`);
          folderIds.push(added.folder.id);
        }
        const ids = folderIds.length > 0 ? [...new Set(folderIds)] : library.folders.list().map((f) => f.id);
        if (ids.length === 0) throw new Error('The library has no folders yet: kindred scan <folder>');
        const printer = progressPrinter();
        const signal = interruptSignal();
        const started = performance.now();
        const { result } = await runJob(
          library.db,
          'scan',
          { folderIds: ids },
          async ({ signal: jobSignal, progress }) => {
            const scan = await scanLibrary(library, { folderIds: ids, signal: jobSignal, progress });
            const faces = options.faces && !jobSignal.aborted ? await findFaces(library, options.model, jobSignal, progress) : null;
            return { ...scan, faces, cancelled: jobSignal.aborted };
          },
          { signal, onProgress: printer.update },
        );
        printer.end();
        const seconds = (performance.now() - started) / 1000;
        if (options.json) {
          console.log(JSON.stringify({ ...result, seconds, problems: library.files.problems() }));
        } else {
          printSummary(result, seconds, library.files.problems());
        }
        if (result.cancelled) process.exitCode = 130;
      });
    });
}

/** The faces phase of a scan: every new photo analysed by the chosen model in the worker pool. */
async function findFaces(
  library: Library,
  model: string,
  signal: AbortSignal,
  progress: ProgressTracker,
): Promise<AnalyseSummary & { people: GroupingSummary | null }> {
  const manifest = loadManifest();
  const embedder = findModel(manifest, model);
  if (embedder.role !== 'embedder') throw new Error(`Unknown embedding model "${model}" (accurate or fast)`);
  const pool = new FaceAnalysisPool({ embedder: embedder.id });
  let analysed: AnalyseSummary;
  try {
    analysed = await analysePhotos(library, pool, manifest, embedder.id, { signal, progress });
  } finally {
    await pool.close();
  }
  if (signal.aborted) return { ...analysed, people: null };
  progress.phase('people', 1);
  const people = await refreshPeople(library, embedder);
  progress.advance();
  return { ...analysed, people };
}

function printSummary(s: ScanSummary & { faces: (AnalyseSummary & { people: GroupingSummary | null }) | null }, seconds: number, problems: { path: string; error: string }[]): void {
  const l = s.listed;
  console.log(
    `${s.cancelled ? 'Scan cancelled' : 'Scan finished'} in ${seconds.toFixed(1)} s: ` +
      `${l.added} new, ${l.changed} changed, ${l.unchanged} unchanged, ${l.vanished} gone; ` +
      `${s.read} read, ${s.failed} errors, ${s.unsupported} unsupported.`,
  );
  if (s.faces) console.log(`Faces: ${s.faces.faces} found in ${s.faces.photos} photos${s.faces.failed ? ` (${s.faces.failed} photos failed)` : ''}.`);
  const p = s.faces?.people;
  if (p) {
    console.log(
      `People: ${p.recognisedAuto} faces recognised, ${p.recognisedSuggested} suggested for review, ` +
        `${p.joinedGroups} joined groups, ${p.newGroups} new groups.`,
    );
  }
  for (const u of s.unreadableFolders) console.log(`  folder not readable: ${u.path} (${u.reason})`);
  const shown = problems.slice(0, 20);
  if (shown.length > 0) console.log('Files that could not be catalogued:');
  for (const p of shown) console.log(`  ${p.path}: ${p.error}`);
  if (problems.length > shown.length) console.log(`  ... and ${problems.length - shown.length} more`);
  if (s.cancelled) console.log('Run the same command again to finish: finished files are kept.');
}
