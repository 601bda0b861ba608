import type { Command } from 'commander';
import { runLibraryScan, type LibraryScanSummary, type ScanOverrides } from '../../workflows/scan-library.js';
import { EXECUTION_PROVIDER_CHOICES } from '../../settings/settings-choices.js';
import { runJob } from '../../jobs/run-job.js';
import { addFolder } from '../../library/library-folders.js';
import { interruptSignal, oneOf, withLibrary } from '../cli-context.js';
import { progressPrinter } from '../progress-printer.js';

/** `kindred scan [folders...]`: adds the folders (if new) and catalogues them; with none, rescans the library. */
export function registerScanCommand(program: Command): void {
  program
    .command('scan')
    .description('add photo folders to the library, catalogue them and find the people (rescan everything when no folder is given)')
    .argument('[folders...]', 'folders to add and scan')
    .option('--model <model>', "embedding model for this run (default: the library's setting)")
    .option('--provider <provider>', "execution provider for this run: auto, cpu, cuda, dml, coreml (default: the library's setting)")
    .option('--no-faces', 'catalogue photos only; find faces later')
    .option('--no-import-regions', "do not import names that other tools wrote into the photos this run (default: the library's setting)")
    .option('--json', 'print the summary as JSON on stdout')
    .action(async (folders: string[], options: ScanCommandOptions, command: Command) => {
      await withLibrary(command, async (library) => {
        const folderIds: number[] = [];
        for (const path of folders) {
          const added = await addFolder(library, path);
          if (added.status === 'covered') console.error(`${path} is inside library folder ${added.folder.path}`);
          folderIds.push(added.folder.id);
        }
        const ids = folderIds.length > 0 ? [...new Set(folderIds)] : library.folders.list().map((f) => f.id);
        if (ids.length === 0) throw new Error('The library has no folders yet: kindred scan <folder>');
        const overrides = scanOverrides(command, options);
        const printer = progressPrinter();
        const started = performance.now();
        const { result } = await runJob(
          library,
          'scan',
          { folderIds: ids, ...overrides },
          ({ signal, progress }) => runLibraryScan(library, { folderIds: ids, faces: options.faces, overrides, signal, progress }),
          { signal: interruptSignal(), onProgress: printer.update },
        );
        printer.end();
        const seconds = (performance.now() - started) / 1000;
        const problems = library.files.problems();
        if (options.json) {
          const { faces, ...rest } = result;
          console.log(JSON.stringify({ ...rest, faces: faces && { ...faces, photoIds: undefined }, seconds, problems }));
        } else {
          printSummary(result, seconds, problems);
        }
        if (result.cancelled) process.exitCode = 130;
      });
    });
}

interface ScanCommandOptions {
  json?: boolean;
  faces: boolean;
  importRegions: boolean;
  model?: string;
  provider?: string;
}

/** The flags given on the command line, as overrides of the library's settings for this run. */
function scanOverrides(command: Command, options: ScanCommandOptions): ScanOverrides {
  const overrides: ScanOverrides = {};
  if (options.model !== undefined) overrides.model = options.model;
  if (options.provider !== undefined) overrides.executionProvider = oneOf('--provider', options.provider, EXECUTION_PROVIDER_CHOICES);
  if (command.getOptionValueSource('importRegions') === 'cli') overrides.importRegions = options.importRegions;
  return overrides;
}

function printSummary(s: LibraryScanSummary, seconds: number, problems: { path: string; error: string }[]): void {
  const l = s.listed;
  console.log(
    `${s.cancelled ? 'Scan cancelled' : 'Scan finished'} in ${seconds.toFixed(1)} s: ` +
      `${l.added} new, ${l.changed} changed, ${l.unchanged} unchanged, ${l.vanished} gone; ` +
      `${s.read} read, ${s.failed} errors, ${s.unsupported} unsupported.`,
  );
  if (s.faces) {
    const { faces, photos, failed, retryLater, recipeChange, reembedded } = s.faces;
    if (recipeChange) {
      console.log(
        `The ${recipeChange.modelId} embeddings changed recipe (crop or model): ${recipeChange.droppedEmbeddings} old embeddings dropped, ` +
          `the faces of ${recipeChange.photos} photos to embed again (names and people kept)` +
          `${recipeChange.staleHeads.length ? `; ${recipeChange.staleHeads.length} trained heads switched off (train again)` : ''}.`,
      );
    }
    if (reembedded) console.log(`Faces embedded again in ${reembedded} photos.`);
    const retry = retryLater ? `; ${retryLater} will be tried again by the next scan` : '';
    console.log(`Faces: ${faces} found in ${photos} photos${failed ? ` (${failed} photos failed${retry})` : ''}.`);
  }
  if (s.regions && s.regions.confirmed + s.regions.conflicts > 0) {
    console.log(`Names from photo metadata: ${s.regions.confirmed} faces named, ${s.regions.createdPeople} people created, ${s.regions.conflicts} conflicts to review.`);
  }
  const p = s.people;
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
