import { Option, type Command } from 'commander';
import type { RegionExportSummary } from '../../metadata/export-regions.js';
import { exportNames } from '../../workflows/export-names.js';
import { interruptSignal, withLibrary } from '../cli-context.js';

/**
 * `kindred export-regions [--sidecar|--embed] [--person NAME] [--json]`: writes every confirmed, named face back into
 * the photos as MWG Regions + Microsoft People Tagging, where the library's write-back setting says unless `--sidecar`
 * is given (for this run). `--embed` does not override the setting: embedding rewrites the photo files, so it is
 * refused unless the setting is 'embed' (the same rule as the app's API). Files that cannot be written are listed; the others are written anyway (exit code 1 when any
 * failed).
 */
export function registerExportRegionsCommand(program: Command): void {
  program
    .command('export-regions')
    .description("write Kindred's confirmed names into the photos' metadata (MWG regions + Microsoft People Tagging)")
    .addOption(new Option('--sidecar', "write .xmp sidecars beside the photos, leaving the photos untouched (default: the library's write-back setting)").conflicts('embed'))
    .addOption(new Option('--embed', 'write into the photo files themselves (pixels and other metadata are kept); only when the write-back setting is embed'))
    .option('--person <name>', "only the photos where this person is confirmed")
    .option('--json', 'print the summary as JSON on stdout')
    .action(async (options: { sidecar?: boolean; embed?: boolean; person?: string; json?: boolean }, command: Command) => {
      await withLibrary(command, async (library) => {
        const summary = await exportNames(library, {
          ...(options.embed ? { mode: 'embed' as const } : options.sidecar ? { mode: 'sidecar' as const } : {}),
          ...(options.person === undefined ? {} : { personName: options.person }),
          signal: interruptSignal(),
        });
        if (options.json) console.log(JSON.stringify(summary));
        else printSummary(summary);
        if (summary.failed > 0) process.exitCode = 1;
        if (summary.cancelled) process.exitCode = 130;
      });
    });
}

function printSummary(s: RegionExportSummary): void {
  const where = s.mode === 'embed' ? 'embedded into the photo files' : 'written to .xmp sidecars';
  console.log(`${s.cancelled ? 'Export cancelled' : 'Export finished'}: names of ${s.photos} photos ${where}; ${s.written} files written, ${s.failed} failed.`);
  const failures = s.files.filter((f) => f.status === 'error');
  if (failures.length > 0) console.log('Files that could not be written:');
  for (const f of failures.slice(0, 20)) console.log(`  ${f.target}: ${f.error}`);
  if (failures.length > 20) console.log(`  ... and ${failures.length - 20} more`);
  for (const w of s.warnings) console.log(`  note: ${w}`);
}
