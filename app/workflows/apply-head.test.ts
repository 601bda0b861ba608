import type { Database } from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddingRepository } from '../db/embedding-repository.js';
import { Library } from '../db/library.js';
import { insertPhotoWithFaces } from '../testing/face-fixtures.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { mulberry32 } from '../shared/seeded-random.js';
import { randomUnitVector } from '../eval/synthetic-sphere-blobs.js';
import { activateHead, deactivateHead, derivedModelId, effectiveEmbedding } from './apply-head.js';
import { EmbeddingHead } from '../training/embedding-head.js';
import { HeadRepository } from '../db/head-repository.js';
import type { EmbedderEntry } from '../shared/model-manifest.js';

const MODEL = 'm';
const DIM = 8;
let library: Library;
let db: Database;
let cleanup: () => void;
const entry = { id: MODEL, embeddingSize: DIM, thresholds: { verify: 0.5, auto: 0.4 } } as unknown as EmbedderEntry;

beforeEach(() => {
  const t = makeTempDir();
  cleanup = t.cleanup;
  library = Library.open(join(t.dir, 'k.db'));
  db = library.db;
  db.prepare(`INSERT INTO models (id, role, sha256, embedding_size, registered_at) VALUES (?, 'embedder', '', ?, 0)`).run(MODEL, DIM);
  const random = mulberry32(3);
  const embeddings = new EmbeddingRepository(db);
  for (let i = 0; i < 6; i++) embeddings.put(insertPhotoWithFaces(db, `p${i}`, 1).faceIds[0]!, MODEL, randomUnitVector(random, DIM));
});
afterEach(() => {
  library.close();
  cleanup();
});

function storeHead(): number {
  const w = Float64Array.from({ length: DIM * DIM }, (_, i) => (i % (DIM + 1) === 0 ? 1 : 0) + ((i * 7) % 5) * 0.05);
  const head = EmbeddingHead.linear(DIM, DIM, w).roundToFloat32();
  return new HeadRepository(db).save({ kind: 'fine-tune', modelId: MODEL, targetModelId: MODEL, head: head.serialize(), thresholds: { verify: 0.6, auto: 0.5 }, metrics: {}, recipe: null }).id;
}

describe('applying a trained head', () => {
  it('re-projects every stored embedding without the network, and switching off loses nothing', () => {
    const base = new EmbeddingRepository(db).all(MODEL, DIM);
    const id = storeHead();
    const head = activateHead(library, id);
    const derived = derivedModelId(head);
    const projected = new EmbeddingRepository(db).all(derived, DIM);
    expect(projected.faceIds).toEqual(base.faceIds);
    const expected = EmbeddingHead.deserialize(head.head).apply(base.faceIds.map((_, i) => base.vectors.subarray(i * DIM, (i + 1) * DIM)));
    expected.forEach((v, i) => v.forEach((x, j) => expect(projected.vectors[i * DIM + j]).toBeCloseTo(x, 6)));
    expect(effectiveEmbedding(library, entry)).toMatchObject({ modelId: derived, thresholds: { verify: 0.6, auto: 0.5 } });

    deactivateHead(library, MODEL);
    expect(new EmbeddingRepository(db).all(derived, DIM).faceIds).toEqual([]);
    expect(new EmbeddingRepository(db).all(MODEL, DIM)).toEqual(base);
    expect(effectiveEmbedding(library, entry)).toMatchObject({ modelId: MODEL, thresholds: { verify: 0.5, auto: 0.4 }, head: null });
  });

  it('heads are versioned; one is active at a time', () => {
    const a = storeHead();
    const b = storeHead();
    const heads = new HeadRepository(db);
    expect([heads.get(a)!.version, heads.get(b)!.version]).toEqual([1, 2]);
    activateHead(library, a);
    activateHead(library, b);
    expect(heads.list(MODEL).map((h) => h.active)).toEqual([false, true]);
  });
});
