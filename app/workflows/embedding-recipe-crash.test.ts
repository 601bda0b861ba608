import BetterSqlite3 from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureModelBuilt } from '../../native-models/model-build.js';
import { Library } from '../db/library.js';
import { scanLibrary } from '../library/catalogue.js';
import { addFolder } from '../library/library-folders.js';
import { embeddingRecipe } from '../shared/embedding-recipe.js';
import { findEmbedder, loadManifest } from '../shared/model-manifest.js';
import { writeOlderRecipeManifest } from '../testing/older-recipe.js';
import { CLI_ARGS, runCli } from '../testing/run-cli.js';
import { projectRoot } from '../testing/shared-faces.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { writeVariantLibrary } from '../testing/variant-library.js';
import { FaceAnalysisPool } from '../vision/face-analysis-pool.js';
import { analysePhotos } from './analyse-photos.js';

const MODEL = 'dlib-resnet-128';
let root: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ dir: root, cleanup } = makeTempDir('kindred-recipe-crash-'));
  await Promise.all([writeVariantLibrary(join(root, 'photos')), ensureModelBuilt('accurate')]);
});
afterAll(() => cleanup());

/** What the killed scan left, read from a second connection (WAL lets it read while the scan writes). */
function state(dbPath: string): { recipe: string | null; pending: number; embeddings: number } | null {
  try {
    const db = new BetterSqlite3(dbPath, { readonly: true, fileMustExist: true });
    try {
      return {
        recipe: db.prepare('SELECT recipe FROM models WHERE id = ?').pluck().get(MODEL) as string | null,
        pending: db.prepare('SELECT count(*) FROM photo_analyses WHERE model_id = ? AND reembed = 1').pluck().get(MODEL) as number,
        embeddings: db.prepare('SELECT count(*) FROM face_embeddings WHERE model_id = ?').pluck().get(MODEL) as number,
      };
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

describe('a re-embedding for a new recipe, crashed', () => {
  it('a scan SIGKILLed right after dropping the old vectors resumes on restart: faces, ids and names kept', async () => {
    const dbPath = join(root, 'data', 'kindred.db');
    const older = writeOlderRecipeManifest(root);
    const library = Library.open(dbPath);
    let before: { id: number; vector: Buffer }[];
    let named: number;
    try {
      await addFolder(library, join(root, 'photos'));
      await scanLibrary(library);
      const pool = new FaceAnalysisPool({ embedder: MODEL, executionProvider: 'cpu', workers: 2, manifestPath: older.path });
      try {
        await analysePhotos(library, pool, older.manifest, MODEL);
      } finally {
        await pool.close();
      }
      named = library.people.create('Eileen Collins');
      const first = library.embeddings.faceIds(MODEL)[0]!;
      library.faces.assign(first, named, 'confirmed');
      before = library.db
        .prepare('SELECT f.id, e.vector FROM faces f JOIN face_embeddings e ON e.face_id = f.id AND e.model_id = ? ORDER BY f.id')
        .all(MODEL) as typeof before;
    } finally {
      library.close();
    }
    expect(before).toHaveLength(6);
    const current = loadManifest();
    const recipe = embeddingRecipe(current, findEmbedder(current, MODEL));

    // Killed once the new recipe is recorded and the old vectors dropped, before any face is embedded again.
    const child = spawn(process.execPath, [...CLI_ARGS, '--db', dbPath, 'scan', join(root, 'photos')], { cwd: projectRoot, stdio: 'ignore' });
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => {
      const poll = setInterval(() => {
        const s = state(dbPath);
        if (s?.recipe === recipe) child.kill('SIGKILL');
      }, 10);
      child.on('close', (_code, sig) => {
        clearInterval(poll);
        resolve(sig);
      });
    });
    expect(signal).toBe('SIGKILL');
    const left = state(dbPath)!;
    expect(left.recipe).toBe(recipe);
    // Dropped together with marking the work: no old vector left beside new ones, and work left to resume.
    expect(left.pending).toBeGreaterThan(0);
    const oldVectors = new Set(before.map((b) => b.vector.toString('hex')));
    const stillOld = (path: string) => {
      const db = new BetterSqlite3(path, { readonly: true });
      try {
        return (db.prepare('SELECT vector FROM face_embeddings WHERE model_id = ?').pluck().all(MODEL) as Buffer[]).filter((v) => oldVectors.has(v.toString('hex'))).length;
      } finally {
        db.close();
      }
    };
    expect(stillOld(dbPath)).toBe(0);

    const final = await runCli(['--db', dbPath, 'scan', '--json', join(root, 'photos')]);
    expect(final.code, final.stderr).toBe(0);
    const summary = JSON.parse(final.stdout) as { faces: { reembedded: number; recipeChange: unknown } };
    expect(summary.faces).toMatchObject({ reembedded: left.pending, recipeChange: null });

    const db = new BetterSqlite3(dbPath, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(state(dbPath)).toEqual({ recipe, pending: 0, embeddings: 6 });
      expect(db.prepare('SELECT id FROM faces ORDER BY id').pluck().all()).toEqual(before.map((b) => b.id));
      expect(db.prepare("SELECT person_id FROM faces WHERE assignment = 'confirmed'").pluck().all()).toEqual([named!]);
      expect(db.prepare('SELECT name FROM people WHERE name IS NOT NULL').pluck().all()).toEqual(['Eileen Collins']);
      expect(stillOld(dbPath)).toBe(0);
    } finally {
      db.close();
    }
  });
});
