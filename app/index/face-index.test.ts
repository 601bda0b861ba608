import { readFileSync, rmSync, statSync, truncateSync, writeFileSync, appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddingRepository } from '../db/embedding-repository.js';
import { openDatabase, type Database } from '../db/open-database.js';
import { insertPhotoWithFaces } from '../testing/face-fixtures.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { FaceIndex } from './face-index.js';
import { faceIndexPaths, readFaceIndexHeader, removeStaleTempFiles, sha256File } from './face-index-header.js';
import { sqliteFaceIndexSource, type FaceIndexSource } from './face-index-source.js';
import { openFaceIndex, type OpenFaceIndexOptions } from './open-face-index.js';
import { syntheticEmbeddings } from './synthetic-embeddings.js';

const MODEL = 'test-embedder-16';
const OTHER_MODEL = 'other-embedder-16';
const DIMS = 16;

let temp: { dir: string; cleanup: () => void };
let db: Database;
let source: FaceIndexSource;
let embeddings: EmbeddingRepository;
let indexDir: string;
let logs: string[];
let vectorsById: Map<number, Float32Array>;
let photo = 0;

/** Inserts `count` faces (one photo each) with clustered embeddings; returns their ids. */
function addFaces(count: number, seed: number): number[] {
  const set = syntheticEmbeddings({ count, dimensions: DIMS, seed, maxPerIdentity: 8 });
  const { faceIds } = insertPhotoWithFaces(db, `p${photo++}`, count);
  faceIds.forEach((id, i) => {
    const vector = set.vectors.slice(i * DIMS, (i + 1) * DIMS);
    embeddings.put(id, MODEL, vector);
    vectorsById.set(id, vector);
  });
  return faceIds;
}

const open = (options: OpenFaceIndexOptions = {}): Promise<FaceIndex> =>
  openFaceIndex(source, indexDir, MODEL, DIMS, { log: (m) => logs.push(m), ...options });

const paths = () => faceIndexPaths(indexDir, MODEL);

/** Opens, expecting a rebuild whose reason matches `reason`. */
async function expectRebuilt(reason: RegExp): Promise<FaceIndex> {
  const index = await open();
  expect(index.origin.kind).toBe('rebuilt');
  expect(index.origin.kind === 'rebuilt' && index.origin.reason).toMatch(reason);
  expect(logs.join('\n')).toMatch(reason);
  expect(index.fingerprint()).toEqual(source.fingerprint(MODEL));
  // The rebuilt index was saved and is now trusted.
  logs = [];
  expect((await open()).origin.kind).toBe('loaded');
  return index;
}

beforeEach(() => {
  temp = makeTempDir('kindred-index-');
  db = openDatabase(join(temp.dir, 'kindred.db'));
  for (const id of [MODEL, OTHER_MODEL]) {
    db.prepare(`INSERT INTO models (id, role, sha256, embedding_size, registered_at) VALUES (?, 'embedder', '', ?, 0)`).run(id, DIMS);
  }
  embeddings = new EmbeddingRepository(db);
  source = sqliteFaceIndexSource(embeddings);
  indexDir = join(temp.dir, 'index');
  logs = [];
  vectorsById = new Map();
});

afterEach(() => {
  db.close();
  temp.cleanup();
});

describe('openFaceIndex', () => {
  it('builds on first open, saves, and loads the saved index (not rebuilt) when it agrees with SQLite', async () => {
    const ids = addFaces(300, 1);
    const first = await open();
    expect(first.origin).toEqual({ kind: 'rebuilt', reason: expect.stringMatching(/no index header/) });
    expect(first.size).toBe(300);
    const header = await readFaceIndexHeader(paths().header);
    expect(header).toMatchObject({ modelId: MODEL, dimensions: DIMS, count: 300, maxFaceId: Math.max(...ids), params: first.params });
    expect(header.indexBytes).toBe(statSync(paths().index).size);

    logs = [];
    const second = await open();
    expect(second.origin).toEqual({ kind: 'loaded' });
    expect(logs).toEqual([]);
    expect(second.fingerprint()).toEqual(first.fingerprint());
    const query = vectorsById.get(ids[42]!)!;
    expect(second.search(query, 10)).toEqual(first.search(query, 10));
  });

  it('rebuilds when the database records another recipe for the model than the vectors it was built from', async () => {
    const ids = addFaces(100, 12);
    let recipe: string | null = 'r1-old';
    source = sqliteFaceIndexSource(embeddings, { recipeOf: () => recipe });
    await open();
    expect((await readFaceIndexHeader(paths().header)).recipe).toBe('r1-old');
    // Same faces, same ids, vectors of a new recipe (spot checks off: only the recipe can tell).
    recipe = 'r1-new';
    const index = await openFaceIndex(source, indexDir, MODEL, DIMS, { log: (m) => logs.push(m), spotChecks: 0 });
    expect(index.origin).toEqual({ kind: 'rebuilt', reason: 'built from vectors of recipe r1-old; the database holds r1-new' });
    expect(index.recipe).toBe('r1-new');
    expect(index.size).toBe(ids.length);
    logs = [];
    expect((await open()).origin.kind).toBe('loaded');
  });

  it('rebuilds when a face was added in SQLite behind its back', async () => {
    addFaces(200, 2);
    await open();
    const [added] = addFaces(1, 3);
    const index = await expectRebuilt(/stale: index has 200 faces .* database has 201 faces/);
    expect(index.search(vectorsById.get(added!)!, 1)[0]).toMatchObject({ faceId: added });
  });

  it('rebuilds when the set of faces differs with the same count and highest id', async () => {
    const ids = addFaces(50, 4);
    const held = ids[5]!;
    db.prepare('DELETE FROM face_embeddings WHERE face_id = ?').run(held);
    await open();
    // Swap one face for another below the highest id: same count, same max, another set.
    embeddings.put(held, MODEL, vectorsById.get(held)!);
    db.prepare('DELETE FROM face_embeddings WHERE face_id = ?').run(ids[6]);
    expect(source.fingerprint(MODEL)).toMatchObject({ count: 49, maxFaceId: ids[49] });
    await expectRebuilt(/same count and highest id as the database but other faces/);
  });

  it('rebuilds a truncated index file', async () => {
    addFaces(200, 5);
    await open();
    truncateSync(paths().index, statSync(paths().index).size - 1000);
    await expectRebuilt(/truncated or replaced/);
  });

  it('rebuilds an index file that hnswlib refuses (size and hash as recorded, contents inconsistent)', async () => {
    addFaces(200, 6);
    await open();
    appendFileSync(paths().index, Buffer.alloc(12, 7));
    const header = JSON.parse(readFileSync(paths().header, 'utf8')) as { indexBytes: number; indexSha256: string };
    header.indexBytes += 12;
    header.indexSha256 = await sha256File(paths().index);
    writeFileSync(paths().header, JSON.stringify(header));
    await expectRebuilt(/does not load .*corrupted/);
  });

  it('rebuilds an index file damaged in place (same size), before hnswlib reads it', async () => {
    addFaces(200, 21);
    await open();
    const bytes = readFileSync(paths().index);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    writeFileSync(paths().index, bytes);
    await expectRebuilt(/index file is damaged/);
  });

  it('rebuilds when the index file is missing', async () => {
    addFaces(100, 7);
    await open();
    rmSync(paths().index);
    await expectRebuilt(/index file is missing/);
  });

  it('rebuilds when the header is for another model', async () => {
    addFaces(100, 8);
    await open();
    const header = JSON.parse(readFileSync(paths().header, 'utf8')) as { modelId: string };
    header.modelId = OTHER_MODEL;
    writeFileSync(paths().header, JSON.stringify(header));
    await expectRebuilt(/header is for model other-embedder-16/);
  });

  it('rebuilds when the header does not parse', async () => {
    addFaces(100, 9);
    await open();
    writeFileSync(paths().header, '{"format": 1, "modelId": ');
    await expectRebuilt(/header is not JSON/);
    writeFileSync(paths().header, JSON.stringify({ format: 1, modelId: MODEL }));
    await expectRebuilt(/header does not parse/);
  });

  it("rebuilds when the file holds another library's vectors for the same ids", async () => {
    const ids = addFaces(100, 10);
    await open();
    const other = syntheticEmbeddings({ count: 100, dimensions: DIMS, seed: 99 });
    ids.forEach((id, i) => embeddings.put(id, MODEL, other.vectors.slice(i * DIMS, (i + 1) * DIMS)));
    await expectRebuilt(/vector differs from the database/);
  });

  it('rebuilds when M or efConstruction change, but not for efSearch', async () => {
    addFaces(100, 11);
    await open();
    expect((await open({ params: { efSearch: 20 } })).origin.kind).toBe('loaded');
    const index = await open({ params: { m: 8 } });
    expect(index.origin).toEqual({ kind: 'rebuilt', reason: expect.stringMatching(/built with M 16/) });
  });

  it('tunes efSearch on rebuild, saves it, and keeps it on load unless the caller sets one', async () => {
    addFaces(2500, 20);
    const rebuilt = await open({ tune: { target: 1.01, maxEf: 64 } }); // unreachable target: tries every ef up to 64
    expect(rebuilt.efTuning!.tried.map((t) => t.efSearch)).toEqual([64]);
    const low = await open({ params: { efSearch: 16 } });
    expect([low.origin.kind, low.efSearch]).toEqual(['loaded', 16]);
    rmSync(paths().header);
    const tuned = await open({ tune: { target: 1.01, maxEf: 512 } });
    expect(tuned.efTuning!.tried.map((t) => t.efSearch)).toEqual([128, 256, 512]);
    expect(tuned.efSearch).toBe(512);
    expect(logs.join('\n')).toMatch(/efSearch 512 \(recall@10 [01]\.\d+ on 100 held-out faces\)/);
    const loaded = await open();
    expect([loaded.origin.kind, loaded.efSearch, loaded.efTuning?.queries]).toEqual(['loaded', 512, 100]);
    expect((await readFaceIndexHeader(paths().header)).efTuning).toMatchObject({ efSearch: 512, queries: 100 });
  });

  it('removes temp files an interrupted save left, once they are old', async () => {
    addFaces(20, 22);
    await open();
    const leftover = `${paths().index}.999-deadbeef.tmp`;
    writeFileSync(leftover, 'partial');
    expect(await removeStaleTempFiles(indexDir, paths().index)).toEqual([]); // fresh: maybe a save in flight
    expect(await removeStaleTempFiles(indexDir, paths().index, 10 * 60_000, Date.now() + 11 * 60_000)).toEqual([leftover]);
    expect(existsSync(leftover)).toBe(false);
    expect(existsSync(paths().index)).toBe(true);
  });

  it('keeps models apart: each model has its own files', async () => {
    addFaces(50, 12);
    await open();
    const other = await openFaceIndex(source, indexDir, OTHER_MODEL, DIMS, { log: () => {} });
    expect(other.size).toBe(0);
    expect(other.search(vectorsById.values().next().value!, 5)).toEqual([]);
    expect(existsSync(join(indexDir, `${OTHER_MODEL}.hnsw`))).toBe(true);
    expect((await open()).origin.kind).toBe('loaded');
    const reopened = await openFaceIndex(source, indexDir, OTHER_MODEL, DIMS, { log: () => {} });
    expect(reopened.origin.kind).toBe('loaded'); // an empty index loads too
    reopened.add(1, vectorsById.get(1)!);
    expect(reopened.search(vectorsById.get(1)!, 3)).toEqual([{ faceId: 1, distance: expect.closeTo(0, 3) }]);
  });
});

describe('FaceIndex', () => {
  it('searches with L2 distances on the unit sphere, sorted, honouring k and a filter', async () => {
    const ids = addFaces(120, 13);
    const index = await open();
    const query = vectorsById.get(ids[7]!)!;
    const results = index.search(query, 10);
    expect(results).toHaveLength(10);
    // float32 inner products: 1 − u·u is ~1e-7, so √(2·that) puts a face ~3e-4 from itself; elsewhere it is exact.
    expect(results[0]).toEqual({ faceId: ids[7], distance: expect.closeTo(0, 3) });
    for (const { faceId, distance } of results) {
      const v = vectorsById.get(faceId)!;
      let d2 = 0;
      for (let i = 0; i < DIMS; i++) d2 += (v[i]! - query[i]!) ** 2;
      expect(distance).toBeCloseTo(Math.sqrt(d2), 3);
    }
    expect(results.map((r) => r.distance)).toEqual([...results.map((r) => r.distance)].sort((a, b) => a - b));
    expect(index.search(query, 500)).toHaveLength(120);
    expect(index.search(query, 0)).toEqual([]);
    const even = index.search(query, 10, (faceId) => faceId % 2 === 0);
    expect(even.length).toBeGreaterThan(0);
    expect(even.every((r) => r.faceId % 2 === 0)).toBe(true);
  });

  it('removes faces with markDelete, keeps them out after a reload, and takes them back when re-added', async () => {
    const ids = addFaces(150, 14);
    const index = await open();
    const gone = ids[20]!;
    const query = vectorsById.get(gone)!;
    expect(index.remove(gone)).toBe(true);
    expect(index.remove(gone)).toBe(false);
    expect(index.has(gone)).toBe(false);
    expect(index.size).toBe(149);
    expect(index.search(query, 149).map((r) => r.faceId)).not.toContain(gone);
    await index.save();
    expect((await readFaceIndexHeader(paths().header)).deletedFaceIds).toEqual([gone]);

    // The database agrees (the face was deleted): the saved index is loaded as it is, deletion included.
    db.prepare('DELETE FROM faces WHERE id = ?').run(gone);
    const reloaded = await open();
    expect(reloaded.origin.kind).toBe('loaded');
    expect(reloaded.deletedCount).toBe(1);
    expect(reloaded.search(query, 149).map((r) => r.faceId)).not.toContain(gone);

    reloaded.add(gone, query);
    expect(reloaded.search(query, 1)[0]).toMatchObject({ faceId: gone });
    expect(reloaded.deletedCount).toBe(0);
  });

  it('removing the newest face lowers the highest id, so the header matches SQLite after the same delete', async () => {
    const ids = addFaces(30, 15);
    const index = await open();
    const newest = ids[29]!;
    index.remove(newest);
    await index.save();
    db.prepare('DELETE FROM faces WHERE id = ?').run(newest);
    expect(index.fingerprint()).toEqual(source.fingerprint(MODEL));
    expect((await open()).origin.kind).toBe('loaded');
  });

  it('grows past its capacity as faces are added one by one', async () => {
    addFaces(10, 16);
    const index = await open();
    const more = addFaces(1500, 17);
    for (const id of more) index.add(id, vectorsById.get(id)!);
    expect(index.size).toBe(1510);
    expect(index.search(vectorsById.get(more[1400]!)!, 1)[0]!.faceId).toBe(more[1400]);
    await index.save();
    expect((await open()).origin.kind).toBe('loaded');
  });

  it('compacts on open when too many faces are deleted', async () => {
    const ids = addFaces(300, 18);
    const index = await open();
    for (const id of ids.slice(0, 100)) index.remove(id);
    await index.save();
    for (const id of ids.slice(0, 100)) db.prepare('DELETE FROM faces WHERE id = ?').run(id);
    const reopened = await expectRebuilt(/compacting: 100 of 300 elements are deleted/);
    expect(reopened.deletedCount).toBe(0);
  });

  it('refuses to change while a save is in flight, and rejects bad input', async () => {
    const ids = addFaces(20, 19);
    const index = await open();
    const saving = index.save();
    expect(() => index.add(ids[0]!, vectorsById.get(ids[0]!)!)).toThrow(/save is in progress/);
    expect(() => index.remove(ids[0]!)).toThrow(/save is in progress/);
    expect(index.search(vectorsById.get(ids[0]!)!, 1)[0]!.faceId).toBe(ids[0]); // reads are fine
    await saving;
    expect(() => index.add(0, new Float32Array(DIMS).fill(1))).toThrow(/face id/);
    expect(() => index.add(5, new Float32Array(DIMS))).toThrow(/no direction/);
    expect(() => index.add(5, new Float32Array(DIMS + 1).fill(1))).toThrow(/expected 16/);
  });
});
