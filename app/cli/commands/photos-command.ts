import type { Command } from 'commander';
import { cullShoot, personIdsByName, shootFilter, type ShootFrame } from '../../workflows/cull-shoot.js';
import { exportPicks } from '../../workflows/export-picks.js';
import { oneOf, withLibrary } from '../cli-context.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * A date as the library keeps capture times (wall-clock, read as UTC). A bare day as `--to` means its end, so
 * `--from 2024-06-01 --to 2024-06-01` is that whole day.
 */
export function parseShootDate(option: string, value: string, endOfDay: boolean): number {
  const m = DATE.exec(value.trim());
  if (!m) throw new Error(`${option} must be a date like 2024-06-01 or 2024-06-01T14:30 (got ${value})`);
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => (v === undefined ? undefined : Number(v)));
  const ms = Date.UTC(y!, mo! - 1, d!, h ?? 0, mi ?? 0, s ?? 0);
  const check = new Date(ms);
  if (check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d!) throw new Error(`${option}: ${value} is not a date`);
  return endOfDay && h === undefined ? ms + 86_399_999 : ms;
}

const pct = (v: number | null): string => (v === null ? '  -' : String(Math.round(v * 100)).padStart(3));

/**
 * `kindred photos --person NAME [--person NAME] [--any] [--unnamed] [--folder PATH] [--from DATE] [--to DATE]
 * [--sort quality|date] [--json] [--export-picks TARGET --as copy|link|list]`: the culling view on the command line.
 */
export function registerPhotosCommand(program: Command): void {
  program
    .command('photos')
    .description('list the photos of one or more people (a shoot to cull), best frame first, bursts stacked')
    .option('--person <name>', 'a person who must be in the photo (repeat for several)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--any', 'any of the --person people, not all of them')
    .option('--unnamed', 'only photos with a face that has no name yet')
    .option('--folder <path>', 'only photos under this folder')
    .option('--from <date>', 'taken on or after (2024-06-01 or 2024-06-01T14:30)')
    .option('--to <date>', 'taken on or before')
    .option('--sort <order>', 'quality (best frame first) or date (as shot)', 'quality')
    .option('--export-picks <target>', 'copy the picked photos into this folder (or link them, or write their list: --as)')
    .option('--as <how>', 'how --export-picks exports: copy, link or list', 'copy')
    .option('--json', 'print JSON on stdout')
    .action(
      async (
        options: { person: string[]; any?: boolean; unnamed?: boolean; folder?: string; from?: string; to?: string; sort: string; exportPicks?: string; as: string; json?: boolean },
        command: Command,
      ) => {
        const sort = oneOf('--sort', options.sort, ['quality', 'date'] as const);
        const how = oneOf('--as', options.as, ['copy', 'link', 'list'] as const);
        const from = options.from === undefined ? undefined : parseShootDate('--from', options.from, false);
        const to = options.to === undefined ? undefined : parseShootDate('--to', options.to, true);
        if (from !== undefined && to !== undefined && from > to) throw new Error('--from must not be after --to');
        await withLibrary(
          command,
          async (library) => {
            const filter = shootFilter({
              personIds: personIdsByName(library, options.person),
              match: options.any ? 'any' : 'all',
              unnamed: options.unnamed ?? false,
              ...(options.folder === undefined ? {} : { folder: options.folder }),
              ...(from === undefined ? {} : { from }),
              ...(to === undefined ? {} : { to }),
            });
            if (options.exportPicks !== undefined) {
              const summary = await exportPicks(library, filter, how, options.exportPicks);
              if (options.json) console.log(JSON.stringify(summary));
              else {
                console.log(`${summary.exported} of ${summary.picked} picked photos exported (${how}) to ${summary.target}${summary.skipped ? `; ${summary.skipped} have no readable file` : ''}.`);
                for (const e of summary.errors) console.log(`  ${e}`);
              }
              if (summary.errors.length > 0) process.exitCode = 1;
              return;
            }
            const shoot = await cullShoot(library, filter, sort);
            const pathOf = (f: ShootFrame) => library.photos.pathOf(f.id) ?? null;
            if (options.json) {
              console.log(JSON.stringify({ total: shoot.total, bursts: shoot.bursts, frames: shoot.frames.map((f) => ({ ...f, path: pathOf(f) })) }));
              return;
            }
            console.log(`${shoot.frames.length} photos, ${shoot.bursts} bursts (sorted by ${sort}); quality parts in %: score sharp size pose eyes edge`);
            if (shoot.total > shoot.frames.length) console.log(`(the first ${shoot.frames.length} of ${shoot.total} as shot: narrow the filter)`);
            for (const f of shoot.frames) {
              const q = f.quality;
              const parts = q ? `${pct(q.score)}  ${pct(q.sharpness)} ${pct(q.size)} ${pct(q.pose)} ${pct(q.eyes)} ${pct(q.edge)}` : '   no face             ';
              const burst = f.burst ? (f.burst.position === 0 ? `burst of ${f.burst.size}` : `  └ ${f.burst.position + 1}/${f.burst.size}`) : '';
              const decision = [f.flag ?? '', f.rating > 0 ? '★'.repeat(f.rating) : ''].filter(Boolean).join(' ');
              console.log(`${parts}  ${burst.padEnd(12)} ${pathOf(f) ?? `(photo ${f.id}, file missing)`}${decision ? `  [${decision}]` : ''}`);
            }
          },
          { access: 'read' },
        );
      },
    );
}
