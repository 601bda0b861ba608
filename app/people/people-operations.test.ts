import type { Database } from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { FaceRepository } from '../db/face-repository.js';
import { openDatabase } from '../db/open-database.js';
import { NameTakenError } from '../db/people-repository.js';
import { Repositories } from '../db/repositories.js';
import { insertPhotoWithFaces } from '../testing/face-fixtures.js';
import { PeopleOperations } from './people-operations.js';

let db: Database;
let ops: PeopleOperations;
let faces: FaceRepository;

/** A group (unnamed person) holding one face from each of `n` new photos, assigned automatically. */
function group(key: string, n: number): { personId: number; faceIds: number[] } {
  const personId = ops.people.create(null);
  const faceIds = Array.from({ length: n }, (_, i) => insertPhotoWithFaces(db, `${key}-${i}`, 1).faceIds[0]!);
  for (const id of faceIds) faces.assign(id, personId, 'auto', 0.9);
  return { personId, faceIds };
}

const state = () => ({
  people: ops.people.list({ includeHidden: true }),
  faces: db.prepare('SELECT id, person_id, assignment FROM faces ORDER BY id').all(),
  rejections: db.prepare('SELECT face_id, person_id FROM face_rejections ORDER BY 1, 2').all(),
  pairs: db.prepare('SELECT person_a, person_b FROM person_rejections').all(),
});

beforeEach(() => {
  db = openDatabase(':memory:');
  ops = new PeopleOperations(new Repositories(db));
  faces = new FaceRepository(db);
});

describe('people operations', () => {
  it('names a group; a name already taken (any case) is refused', () => {
    const a = group('a', 2);
    const b = group('b', 2);
    expect(ops.name(a.personId, '  Ada   Lovelace ').name).toBe('Ada Lovelace');
    expect(() => ops.name(b.personId, 'ada lovelace')).toThrow(NameTakenError);
  });

  it('merges groups into a person: faces, name and rejections move; the sources disappear', () => {
    const ada = group('ada', 2);
    const g1 = group('g1', 3);
    const g2 = group('g2', 1);
    ops.name(g1.personId, 'Ada');
    ops.rejectFace(ada.faceIds[0]!, g1.personId);
    const merged = ops.merge([g1.personId, g2.personId], ada.personId);
    expect(merged).toMatchObject({ name: 'Ada', faceCount: 6 });
    expect(ops.people.get(g1.personId)).toBeUndefined();
    expect(ops.people.get(g2.personId)).toBeUndefined();
    // The rejection against g1 now holds against the merged person: no correction is lost.
    expect(ops.people.rejectedPeopleOf(ada.faceIds[0]!)).toEqual(new Set([ada.personId]));
  });

  it('an undo still works after one of its faces was deleted as "not a face": the face is simply left out', () => {
    const ada = group('ada', 2);
    const g1 = group('g1', 3);
    ops.rejectFace(ada.faceIds[0]!, g1.personId);
    ops.setCover(ada.personId, ada.faceIds[0]!);
    ops.merge([g1.personId], ada.personId);
    expect(faces.remove(ada.faceIds[0]!)).toBe(true);
    expect(ops.undo()?.kind).toBe('merge');
    expect(ops.people.get(g1.personId)).toMatchObject({ faceCount: 3 });
    expect(ops.people.get(ada.personId)).toMatchObject({ faceCount: 1, coverFaceId: null });
    expect(ops.people.rejectedPeopleOf(ada.faceIds[0]!)).toEqual(new Set());
  });

  it('splits faces into a new group as confirmed, remembering they are not the old person', () => {
    const g = group('g', 4);
    const newId = ops.split(g.faceIds.slice(0, 2));
    expect(ops.people.get(newId)).toMatchObject({ faceCount: 2, confirmedCount: 2 });
    expect(ops.people.get(g.personId)).toMatchObject({ faceCount: 2 });
    expect(ops.people.rejectedPeopleOf(g.faceIds[0]!)).toEqual(new Set([g.personId]));
  });

  it('removing a face is remembered as a rejection', () => {
    const g = group('g', 2);
    ops.removeFaces([g.faceIds[0]!]);
    expect(faces.get(g.faceIds[0]!)).toMatchObject({ personId: null, assignment: null });
    expect(ops.people.rejectedPeopleOf(g.faceIds[0]!).has(g.personId)).toBe(true);
  });

  it('one photo never shows a person twice: moving a face in takes the automatic claim off the other', () => {
    const ada = group('ada', 1);
    const { faceIds } = insertPhotoWithFaces(db, 'pair', 2);
    faces.assign(faceIds[0]!, ada.personId, 'auto', 0.7);
    ops.moveFaces([faceIds[1]!], ada.personId);
    expect(faces.get(faceIds[0]!)!.personId).toBeNull();
    expect(faces.get(faceIds[1]!)).toMatchObject({ personId: ada.personId, assignment: 'confirmed' });
    // A confirmed face of the same person in the same photo is a contradiction: refused, nothing changed.
    const before = state();
    expect(() => ops.moveFaces([faceIds[0]!], ada.personId)).toThrow(/cannot show a person twice/);
    expect(state()).toEqual(before);
  });

  it('undo restores exactly the state before each operation, newest first', () => {
    const a = group('a', 3);
    const b = group('b', 2);
    const s0 = state();
    ops.name(a.personId, 'Ada');
    const s1 = state();
    ops.merge([b.personId], a.personId);
    const s2 = state();
    ops.split([a.faceIds[0]!]);
    const s3 = state();
    ops.rejectPair(a.personId, ops.people.list().at(-1)!.id);
    ops.setHidden(a.personId, true);
    ops.undo();
    ops.undo();
    expect(state()).toEqual(s3);
    expect(ops.undo()?.kind).toBe('move');
    expect(state()).toEqual(s2);
    expect(ops.undo()?.kind).toBe('merge');
    expect(state()).toEqual(s1);
    expect(ops.undo()?.kind).toBe('name');
    expect(state()).toEqual(s0);
    expect(ops.undo()).toBeNull();
  });

  it('sets a cover face only from the person\'s own faces', () => {
    const a = group('a', 2);
    const b = group('b', 1);
    ops.setCover(a.personId, a.faceIds[1]!);
    expect(ops.people.get(a.personId)!.coverFaceId).toBe(a.faceIds[1]);
    expect(() => ops.setCover(a.personId, b.faceIds[0]!)).toThrow(/not one of this person's faces/);
  });
});
