import type { Command } from 'commander';
import { refreshPeople } from '../../workflows/refresh-people.js';
import { chosenEmbedder } from '../../settings/chosen-embedder.js';
import { withLibrary } from '../cli-context.js';

/** `kindred people [--recluster]`: named people and unnamed groups with their face and photo counts. */
export function registerPeopleCommand(program: Command): void {
  program
    .command('people')
    .description('list people and unnamed groups (with --recluster: group unknown faces again, keeping every name)')
    .option('--recluster', 're-cluster every untouched group; names, confirmations and rejections are kept')
    .option('--hidden', 'include hidden people')
    .option('--model <model>', "embedding model for --recluster (default: the library's setting)")
    .option('--json', 'print JSON on stdout')
    .action(async (options: { recluster?: boolean; hidden?: boolean; model?: string; json?: boolean }, command: Command) => {
      await withLibrary(command, async (library) => {
        const summary = options.recluster ? await refreshPeople(library, chosenEmbedder(library, { model: options.model }), { full: true }) : null;
        const people = library.people.list({ includeHidden: options.hidden ?? false });
        const unknown = library.faces.countUnassigned();
        if (options.json) {
          console.log(JSON.stringify({ people, unknownFaces: unknown, recluster: summary }));
          return;
        }
        if (summary) console.log(`Re-clustered: ${summary.newGroups} groups (${summary.facesInNewGroups} faces), ${summary.recognisedAuto} faces recognised.`);
        const named = people.filter((p) => p.name !== null);
        const groups = people.filter((p) => p.name === null);
        console.log(`${named.length} people, ${groups.length} unnamed groups, ${unknown} faces not in any group`);
        for (const p of [...named, ...groups]) {
          const label = p.name ?? `(group ${p.id})`;
          console.log(`  ${String(p.id).padStart(5)}  ${label.padEnd(30)} ${String(p.faceCount).padStart(5)} faces  ${String(p.photoCount).padStart(5)} photos${p.hidden ? '  hidden' : ''}`);
        }
      }, { access: options.recluster ? 'write' : 'read' });
    });
}
