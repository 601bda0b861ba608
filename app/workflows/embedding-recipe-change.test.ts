import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureModelBuilt } from '../../native-models/model-build.js';
import { Library } from '../db/library.js';
import { migrate, readMigrations } from '../db/migrator.js';
import { openLibraryFaceIndex } from '../index/library-face-index.js';
import { ProgressTracker } from '../jobs/progress-tracker.js';
import { scanLibrary } from '../library/catalogue.js';
import { addFolder } from '../library/library-folders.js';
import { embeddingRecipe } from '../shared/embedding-recipe.js';
import { findEmbedder, loadManifest, type ModelManifest } from '../shared/model-manifest.js';
import { migrationsDir } from '../shared/paths.js';
import { writeOlderRecipeManifest } from '../testing/older-recipe.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { writeVariantLibrary } from '../testing/variant-library.js';
import { EmbeddingHead } from '../training/embedding-head.js';
import { FaceAnalysisPool } from '../vision/face-analysis-pool.js';
import { largestFace } from '../vision/largest-face.js';
import { analysePhotos } from './analyse-photos.js';
import { activateHead, derivedModelId, StaleHeadError } from './apply-head.js';
import { recipeIsCurrent, StaleEmbeddingsError } from './embedding-recipe-change.js';
import { refreshPeople } from './refresh-people.js';
import { runLibraryScan } from './scan-library.js';
import { searchByFace } from './search-by-face.js';
import { switchHead, trainHead } from './train.js';

const MODEL = 'dlib-resnet-128';
const DIM = 128;
const overrides = { model: 'accurate', executionProvider: 'cpu' } as const;

let shared: { dir: string; cleanup: () => void };
let photos: { collins: string[]; hopper: string[] };
let older: ReturnType<typeof writeOlderRecipeManifest>;
let current: ModelManifest;

beforeAll(async () => {
  shared = makeTempDir('kindred-recipe-');
  [photos] = await Promise.all([writeVariantLibrary(join(shared.dir, 'photos')), ensureModelBuilt('accurate')]);
  older = writeOlderRecipeManifest(shared.dir);
  current = loadManifest();
});
afterAll(() => shared.cleanup());

let temp: { dir: string; cleanup: () => void };
let library: Library;
beforeEach(() => {
  temp = makeTempDir('kindred-recipe-lib-');
  library = Library.open(join(temp.dir, 'data', 'kindred.db'));
});
afterEach(() => {
  library.close();
  temp.cleanup();
});

const distance = (a: Float32Array, b: Float32Array) => Math.hypot(...Array.from(a, (v, i) => v - b[i]!));

/**
 * A library scanned by "an older Kindred": faces found and embedded with the older recipe (keypoint crop, no flip),
 * its index saved, and Eileen Collins named by the user (her three faces confirmed). Returns the old vectors by face id.
 */
async function scannedWithOlderRecipe(): Promise<Map<number, Float32Array>> {
  await addFolder(library, join(shared.dir, 'photos'));
  await scanLibrary(library);
  const pool = new FaceAnalysisPool({ embedder: MODEL, executionProvider: 'cpu', workers: 2, manifestPath: older.path });
  try {
    expect(await analysePhotos(library, pool, older.manifest, MODEL)).toMatchObject({ photos: 7, faces: 6, failed: 0 });
  } finally {
    await pool.close();
  }
  await refreshPeople(library, findEmbedder(older.manifest, MODEL));
  const collins = library.people.create('Eileen Collins');
  for (const path of photos.collins) for (const face of facesOf(path)) library.faces.assign(face.id, collins, 'confirmed');
  expect(library.analyses.recipeOf(MODEL)).toBe(older.recipe);
  const set = library.embeddings.all(MODEL, DIM);
  return new Map(set.faceIds.map((id, i) => [id, set.vectors.slice(i * DIM, (i + 1) * DIM)]));
}

function facesOf(path: string) {
  const photoId = library.db.prepare('SELECT photo_id FROM files WHERE path = ?').pluck().get(path) as number;
  return library.faces.ofPhoto(photoId);
}

/** Every vector a query could see now is none of the old ones (each face: the new recipe's or none). */
function oldVectorsVisible(old: Map<number, Float32Array>): number[] {
  const set = library.embeddings.all(MODEL, DIM);
  return set.faceIds.filter((id, i) => {
    const before = old.get(id);
    return before !== undefined && distance(before, set.vectors.subarray(i * DIM, (i + 1) * DIM)) < 1e-4;
  });
}

describe('a new embedding recipe under the same model id', () => {
  it('the recipe differs from the older one, so a scanned library is stale', () => {
    expect(older.recipe).not.toBe(embeddingRecipe(current, findEmbedder(current, MODEL)));
  });

  it('a scan drops the old vectors, embeds the kept faces again, keeps ids and names, and the index follows', async () => {
    const old = await scannedWithOlderRecipe();
    const facesBefore = library.db.prepare('SELECT id, photo_id, box_x, box_y, box_w, box_h FROM faces ORDER BY id').all();
    expect(old.size).toBe(6);
    expect(recipeIsCurrent(library, current, findEmbedder(current, MODEL))).toBe(false);

    const seenOld: number[][] = [];
    const progress = new ProgressTracker((p) => {
      if (p.phase === 'faces') seenOld.push(oldVectorsVisible(old));
    }, 0);
    const summary = await runLibraryScan(library, { overrides, progress });

    expect(summary.faces).toMatchObject({ photos: 7, reembedded: 7, faces: 6, failed: 0 });
    expect(summary.faces!.recipeChange).toMatchObject({ previous: older.recipe, droppedEmbeddings: 6, photos: 7 });
    // At no point of the scan could a query see an old vector beside the new ones.
    expect(seenOld.length).toBeGreaterThan(0);
    expect(seenOld.flat()).toEqual([]);
    // Same faces, same ids and boxes; no face found twice.
    expect(library.db.prepare('SELECT id, photo_id, box_x, box_y, box_w, box_h FROM faces ORDER BY id').all()).toEqual(facesBefore);
    expect(library.analyses.recipeOf(MODEL)).toBe(embeddingRecipe(current, findEmbedder(current, MODEL)));
    expect(library.analyses.countReembedPending(MODEL)).toBe(0);

    // Each face's vector is now what the current pipeline gives for it, and far from the old one.
    const pool = new FaceAnalysisPool({ embedder: MODEL, executionProvider: 'cpu', workers: 1 });
    try {
      for (const path of [photos.collins[0]!, photos.hopper[0]!]) {
        const [face] = facesOf(path);
        const fresh = largestFace((await pool.analyse(path)).faces)!.embedding;
        const stored = library.embeddings.get(face!.id, MODEL)!;
        expect(distance(stored, fresh)).toBeLessThan(1e-3);
        expect(distance(stored, old.get(face!.id)!)).toBeGreaterThan(0.01);
      }
    } finally {
      await pool.close();
    }

    // The name and the confirmations stay; Grace Hopper's three faces form one group again.
    const collins = library.people.byName('Eileen Collins')!;
    for (const path of photos.collins) expect(facesOf(path).map((f) => [f.personId, f.assignment])).toEqual([[collins.id, 'confirmed']]);
    const hopper = photos.hopper.map((p) => facesOf(p)[0]!.personId);
    expect(hopper[0]).not.toBeNull();
    expect(new Set(hopper).size).toBe(1);
    expect(hopper[0]).not.toBe(collins.id);

    // The index file saved from the old vectors was not trusted: it holds exactly the database's vectors.
    const index = await openLibraryFaceIndex(library, MODEL, DIM, { log: () => {} });
    expect(index.size).toBe(6);
    for (const id of old.keys()) expect(distance(index.vector(id)!, library.embeddings.get(id, MODEL)!)).toBeLessThan(1e-5);

    // Done once: the next scan has nothing to re-embed.
    expect((await runLibraryScan(library, { overrides })).faces).toMatchObject({ photos: 0, reembedded: 0, recipeChange: null });
  });

  it('a stopped re-embedding resumes; never a mixed set; heads trained on old vectors are switched off and refused', async () => {
    const old = await scannedWithOlderRecipe();
    // A head trained on the old vectors, switched on: its projections are stored under a derived id.
    const head = library.heads.save({
      kind: 'fine-tune',
      modelId: MODEL,
      targetModelId: MODEL,
      recipe: older.recipe,
      head: EmbeddingHead.linear(DIM, DIM, Float64Array.from({ length: DIM * DIM }, (_, i) => (i % (DIM + 1) === 0 ? 1 : 0))).serialize(),
      thresholds: { verify: 0.6, auto: 0.5 },
      metrics: {},
    });
    activateHead(library, head.id);
    expect(library.embeddings.summary(derivedModelId(head)).count).toBe(6);

    // Until a scan embeds the faces again, a query embedded now (new recipe) is refused rather than compared.
    const entry = findEmbedder(current, MODEL);
    await expect(searchByFace(library, entry, photos.collins[0]!, 3)).rejects.toThrow(StaleEmbeddingsError);
    // ...and so is training on the library's faces beside album faces embedded now.
    await expect(trainHead(library, entry, { epochs: 1, seed: 1 })).rejects.toThrow(/embedded with an older recipe of dlib-resnet-128/);

    const controller = new AbortController();
    const stopAfterOne = new ProgressTracker((p) => {
      if (p.phase === 'faces' && p.done >= 1) controller.abort();
    }, 0);
    const stopped = await runLibraryScan(library, { overrides, signal: controller.signal, progress: stopAfterOne });
    expect(stopped.cancelled).toBe(true);
    const pending = library.analyses.countReembedPending(MODEL);
    expect(pending).toBeGreaterThan(0);
    expect(pending).toBeLessThan(7);
    expect(oldVectorsVisible(old)).toEqual([]);
    expect(library.embeddings.summary(MODEL).count).toBeLessThan(6);
    // The head is off, its projections gone, and it cannot be switched on again over the new vectors.
    expect(library.heads.active('fine-tune', MODEL)).toBeUndefined();
    expect(library.embeddings.summary(derivedModelId(head)).count).toBe(0);
    expect(() => activateHead(library, head.id)).toThrow(StaleHeadError);
    await expect(switchHead(library, entry, head.id)).rejects.toThrow(/has to be trained again/);

    const resumed = await runLibraryScan(library, { overrides });
    expect(resumed.faces).toMatchObject({ reembedded: pending, recipeChange: null, failed: 0 });
    expect(library.analyses.countReembedPending(MODEL)).toBe(0);
    expect(library.embeddings.faceIds(MODEL).sort((a, b) => a - b)).toEqual([...old.keys()].sort((a, b) => a - b));
    expect(oldVectorsVisible(old)).toEqual([]);
    expect(library.people.byName('Eileen Collins')!.faceCount).toBe(3);
    expect(() => activateHead(library, head.id)).toThrow(StaleHeadError);
  });
});

describe('a library from before recipes were recorded', () => {
  it('its next scan re-embeds every face, as for a known older recipe', async () => {
    const old = await scannedWithOlderRecipe();
    // What migration 007 leaves on a library scanned before it: the model row without a recipe.
    library.db.prepare('UPDATE models SET recipe = NULL').run();
    const summary = await runLibraryScan(library, { overrides });
    expect(summary.faces).toMatchObject({ reembedded: 7, failed: 0 });
    expect(summary.faces!.recipeChange).toMatchObject({ previous: null, droppedEmbeddings: 6, photos: 7 });
    expect(library.embeddings.faceIds(MODEL).sort((a, b) => a - b)).toEqual([...old.keys()].sort((a, b) => a - b));
    expect(oldVectorsVisible(old)).toEqual([]);
    expect(library.people.byName('Eileen Collins')!.faceCount).toBe(3);
  });

  it('migrates with an unknown recipe, which counts as stale', () => {
    const path = join(temp.dir, 'old.db');
    const db = new BetterSqlite3(path);
    const all = readMigrations(migrationsDir);
    migrate(db, all.filter((m) => m.version <= 6));
    db.prepare(`INSERT INTO models (id, role, sha256, embedding_size, registered_at) VALUES (?, 'embedder', '', 128, 0)`).run(MODEL);
    migrate(db, all);
    db.close();
    const migrated = Library.open(path);
    try {
      expect(migrated.analyses.recipeOf(MODEL)).toBeNull();
      expect(recipeIsCurrent(migrated, current, findEmbedder(current, MODEL))).toBe(false);
      // A model the library never registered stores nothing of it: nothing to mix.
      expect(recipeIsCurrent(library, current, findEmbedder(current, MODEL))).toBe(true);
    } finally {
      migrated.close();
    }
  });
});
