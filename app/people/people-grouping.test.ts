import type { Database } from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { EmbeddingRepository } from '../db/embedding-repository.js';
import { FaceRepository } from '../db/face-repository.js';
import { openDatabase } from '../db/open-database.js';
import { Repositories } from '../db/repositories.js';
import { randomUnitVector, unitVectorAtDistance } from '../eval/synthetic-sphere-blobs.js';
import { FaceIndex } from '../index/face-index.js';
import { insertPhotoWithFaces } from '../testing/face-fixtures.js';
import { PeopleOperations } from './people-operations.js';
import { updatePeople } from './people-grouping.js';
import { mulberry32 } from '../shared/seeded-random.js';

const MODEL = 'test-model';
const DIM = 32;
const thresholds = { verify: 0.9, auto: 0.7 };
let db: Database;
let repositories: Repositories;
let ops: PeopleOperations;
const random = mulberry32(7);
const centres = [randomUnitVector(random, DIM), randomUnitVector(random, DIM), randomUnitVector(random, DIM)];

/** A photo with one face per listed identity, each face at `spread` from its identity's centre. */
function addPhoto(key: string, identities: number[], spread = 0.35): number[] {
  const { faceIds } = insertPhotoWithFaces(db, key, identities.length);
  const embeddings = new EmbeddingRepository(db);
  identities.forEach((who, i) => embeddings.put(faceIds[i]!, MODEL, unitVectorAtDistance(random, centres[who]!, spread)));
  return faceIds;
}

async function index(): Promise<FaceIndex> {
  const set = new EmbeddingRepository(db).all(MODEL, DIM);
  return FaceIndex.build('/nonexistent-not-saved', MODEL, DIM, set);
}

const personOf = (faceId: number) => new FaceRepository(db).get(faceId)!;

beforeEach(() => {
  db = openDatabase(':memory:');
  db.prepare(`INSERT INTO models (id, role, sha256, embedding_size, registered_at) VALUES (?, 'embedder', '', ?, 0)`).run(MODEL, DIM);
  repositories = new Repositories(db);
  ops = new PeopleOperations(repositories);
});

describe('updatePeople', () => {
  it('clusters unknown faces into one group per identity; singletons stay unknown', async () => {
    const ids = [0, 1, 2].map((who) => Array.from({ length: 5 }, (_, i) => addPhoto(`p${who}-${i}`, [who])[0]!));
    const summary = updatePeople(repositories, { modelId: MODEL, thresholds, index: await index() });
    expect(summary.newGroups).toBe(3);
    for (const faces of ids) expect(new Set(faces.map((f) => personOf(f).personId)).size).toBe(1);
    expect(new Set(ids.map((faces) => personOf(faces[0]!).personId)).size).toBe(3);
  });

  it('recognises new faces of a named person automatically, one face per photo, never a rejected person', async () => {
    const ada = Array.from({ length: 5 }, (_, i) => addPhoto(`ada-${i}`, [0], 0.3)[0]!);
    updatePeople(repositories, { modelId: MODEL, thresholds, index: await index() });
    const adaId = personOf(ada[0]!).personId!;
    ops.name(adaId, 'Ada');
    // Two faces near Ada in one photo (a lookalike beside her), and one face that was rejected from Ada.
    const [near, alsoNear] = addPhoto('pair', [0, 0], 0.25);
    const [rejected] = addPhoto('rejected', [0], 0.25);
    ops.rejectFace(rejected!, adaId);
    const summary = updatePeople(repositories, { modelId: MODEL, thresholds, index: await index() });
    expect(summary.recognisedAuto).toBeGreaterThanOrEqual(1);
    const inPair = [personOf(near!).personId, personOf(alsoNear!).personId].filter((p) => p === adaId);
    expect(inPair).toHaveLength(1);
    expect(personOf(rejected!).personId).not.toBe(adaId);
  });

  it('a full re-cluster keeps every name, confirmation and rejection', async () => {
    const faces = [0, 1, 2].map((who) => Array.from({ length: 4 }, (_, i) => addPhoto(`q${who}-${i}`, [who])[0]!));
    updatePeople(repositories, { modelId: MODEL, thresholds, index: await index() });
    const bob = personOf(faces[1]![0]!).personId!;
    ops.name(bob, 'Bob');
    ops.confirmFace(faces[1]![1]!, bob);
    const group2 = personOf(faces[2]![0]!).personId!;
    ops.removeFaces([faces[2]![3]!]);
    const before = {
      names: db.prepare('SELECT id, name FROM people WHERE name IS NOT NULL').all(),
      confirmed: db.prepare(`SELECT id, person_id FROM faces WHERE assignment = 'confirmed'`).all(),
      rejections: db.prepare('SELECT face_id, person_id FROM face_rejections').all(),
    };
    const summary = updatePeople(repositories, { modelId: MODEL, thresholds, index: await index(), full: true });
    expect(db.prepare('SELECT id, name FROM people WHERE name IS NOT NULL').all()).toEqual(before.names);
    expect(db.prepare(`SELECT id, person_id FROM faces WHERE assignment = 'confirmed'`).all()).toEqual(before.confirmed);
    expect(db.prepare('SELECT face_id, person_id FROM face_rejections').all()).toEqual(before.rejections);
    // The group with a rejection was kept; the untouched group 0 was dissolved and formed again.
    expect(ops.people.get(group2)).toBeDefined();
    expect(summary.dissolvedGroups).toBe(1);
    expect(personOf(faces[2]![3]!).personId).not.toBe(group2);
  });

  it('computes outside any transaction and writes in short batches, each its own transaction', async () => {
    const ids = [0, 1, 2].map((who) => Array.from({ length: 6 }, (_, i) => addPhoto(`b${who}-${i}`, [who])[0]!));
    const faceIndex = await index();
    const searchedInTransaction: boolean[] = [];
    const writesPerTransaction: number[] = [];
    const changes = () => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    const store = {
      people: repositories.people,
      faces: repositories.faces,
      transaction: <T>(fn: () => T): T => {
        const before = changes();
        const result = repositories.transaction(fn);
        writesPerTransaction.push(changes() - before);
        return result;
      },
    };
    const searchIndex = {
      search: (...args: Parameters<FaceIndex['search']>) => {
        searchedInTransaction.push(db.inTransaction);
        return faceIndex.search(...args);
      },
    };
    const summary = updatePeople(store, { modelId: MODEL, thresholds, index: searchIndex, full: true, batchSize: 4 });
    expect(summary).toMatchObject({ newGroups: 3, facesInNewGroups: 18 });
    for (const faces of ids) expect(new Set(faces.map((f) => personOf(f).personId)).size).toBe(1);
    expect(searchedInTransaction.length).toBeGreaterThan(0);
    expect(searchedInTransaction.every((inside) => !inside)).toBe(true);
    // 18 faces in batches of 4 (a batch may also create the new groups it writes to), after the dissolve.
    expect(writesPerTransaction.length).toBe(1 + Math.ceil(18 / 4));
    expect(Math.max(...writesPerTransaction)).toBeLessThanOrEqual(4 + 3);
  });
});
