import type { Command } from 'commander';
import { openLibraryFaceIndex } from '../../index/library-face-index.js';
import { effectiveEmbedding } from '../../training/apply-head.js';
import { EmbeddingHead } from '../../training/embedding-head.js';
import { FaceAnalysisPool } from '../../vision/face-analysis-pool.js';
import { largestFace } from '../../vision/largest-face.js';
import { withLibrary } from '../cli-context.js';
import { embedderOf } from './people-command.js';

/** `kindred search --face <image> [--k 20]`: the photos whose faces are most like the face in an image. */
export function registerSearchCommand(program: Command): void {
  program
    .command('search')
    .description('find the photos with the faces most similar to the (largest) face in an image')
    .requiredOption('--face <image>', 'an image showing the face to look for')
    .option('--k <n>', 'how many photos', '20')
    .option('--model <model>', 'accurate or fast', 'accurate')
    .option('--json', 'print JSON on stdout')
    .action(async (options: { face: string; k: string; model: string; json?: boolean }, command: Command) => {
      const k = Number(options.k);
      if (!Number.isInteger(k) || k < 1 || k > 10_000) throw new Error('--k must be a whole number from 1 to 10000');
      const entry = embedderOf(options.model);
      const pool = new FaceAnalysisPool({ embedder: entry.id, workers: 1 });
      let query;
      try {
        query = largestFace((await pool.analyse(options.face)).faces);
      } finally {
        await pool.close();
      }
      if (!query) throw new Error(`no face found in ${options.face}`);
      await withLibrary(command, async (library) => {
        // Search where recognition searches: the raw model, or its active fine-tuned head.
        const effective = effectiveEmbedding(library, entry);
        const vector = effective.head ? EmbeddingHead.deserialize(effective.head.head).apply([query.embedding])[0]! : query.embedding;
        const index = await openLibraryFaceIndex(library, effective.modelId, effective.dimensions, { log: () => {} });
        // Several faces may share a photo: fetch more neighbours than photos wanted, keep each photo's closest.
        const neighbours = index.search(vector, Math.min(index.size, k * 4));
        const photoOf = library.db.prepare(
          `SELECT f.photo_id AS photoId, (SELECT path FROM files WHERE photo_id = f.photo_id AND status = 'ok' LIMIT 1) AS path,
             p.name AS person FROM faces f LEFT JOIN people p ON p.id = f.person_id WHERE f.id = ?`,
        );
        const results: { photoId: number; path: string | null; faceId: number; distance: number; person: string | null }[] = [];
        const seen = new Set<number>();
        for (const n of neighbours) {
          const row = photoOf.get(n.faceId) as { photoId: number; path: string | null; person: string | null } | undefined;
          if (!row || seen.has(row.photoId)) continue;
          seen.add(row.photoId);
          results.push({ ...row, faceId: n.faceId, distance: n.distance });
          if (results.length === k) break;
        }
        if (options.json) {
          console.log(JSON.stringify({ model: effective.modelId, threshold: effective.thresholds.verify, results }));
          return;
        }
        const threshold = effective.thresholds.verify;
        for (const r of results) {
          const match = r.distance <= threshold ? '  same person' : '';
          console.log(`${r.distance.toFixed(4)}  ${r.path ?? `(photo ${r.photoId}, file missing)`}${r.person ? `  [${r.person}]` : ''}${match}`);
        }
      });
    });
}
