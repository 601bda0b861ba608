import type { Command } from 'commander';
import { searchByFace } from '../../workflows/search-by-face.js';
import { withLibrary } from '../cli-context.js';
import { chosenEmbedder } from '../../settings/chosen-embedder.js';

/** `kindred search --face <image> [--k 20]`: the photos whose faces are most like the face in an image. */
export function registerSearchCommand(program: Command): void {
  program
    .command('search')
    .description('find the photos with the faces most similar to the (largest) face in an image')
    .requiredOption('--face <image>', 'an image showing the face to look for')
    .option('--k <n>', 'how many photos', '20')
    .option('--model <model>', "embedding model (default: the library's setting)")
    .option('--json', 'print JSON on stdout')
    .action(async (options: { face: string; k: string; model?: string; json?: boolean }, command: Command) => {
      const k = Number(options.k);
      if (!Number.isInteger(k) || k < 1 || k > 10_000) throw new Error('--k must be a whole number from 1 to 10000');
      await withLibrary(command, async (library) => {
        const entry = chosenEmbedder(library, { model: options.model });
        const found = await searchByFace(library, entry, options.face, k);
        const results = found.results.map((r) => ({
          photoId: r.photoId,
          path: library.photos.pathOf(r.photoId) ?? null,
          faceId: r.faceId,
          distance: r.distance,
          person: r.person,
        }));
        if (options.json) {
          console.log(JSON.stringify({ model: found.modelId, threshold: found.threshold, results }));
          return;
        }
        const threshold = found.threshold;
        for (const r of results) {
          const match = r.distance <= threshold ? '  same person' : '';
          console.log(`${r.distance.toFixed(4)}  ${r.path ?? `(photo ${r.photoId}, file missing)`}${r.person ? `  [${r.person}]` : ''}${match}`);
        }
      });
    });
}
