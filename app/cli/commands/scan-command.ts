import type { Command } from 'commander';
import { runJob } from '../../jobs/run-job.js';
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
    .option('--json', 'print the summary as JSON on stdout')
    .action(async (folders: string[], options: { json?: boolean }, command: Command) => {
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
          ({ signal: jobSignal, progress }) => scanLibrary(library, { folderIds: ids, signal: jobSignal, progress }),
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

function printSummary(s: ScanSummary, seconds: number, problems: { path: string; error: string }[]): void {
  const l = s.listed;
  console.log(
    `${s.cancelled ? 'Scan cancelled' : 'Scan finished'} in ${seconds.toFixed(1)} s: ` +
      `${l.added} new, ${l.changed} changed, ${l.unchanged} unchanged, ${l.vanished} gone; ` +
      `${s.read} read, ${s.failed} errors, ${s.unsupported} unsupported.`,
  );
  for (const u of s.unreadableFolders) console.log(`  folder not readable: ${u.path} (${u.reason})`);
  const shown = problems.slice(0, 20);
  if (shown.length > 0) console.log('Files that could not be catalogued:');
  for (const p of shown) console.log(`  ${p.path}: ${p.error}`);
  if (problems.length > shown.length) console.log(`  ... and ${problems.length - shown.length} more`);
  if (s.cancelled) console.log('Run the same command again to finish: finished files are kept.');
}
