import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../shared/seeded-random.js';
import { randomUnitVector, unitVectorAtDistance } from '../eval/synthetic-sphere-blobs.js';
import { groupFaces, prepareGrouping, type GroupingFace } from './group-faces.js';

const random = mulberry32(9);
const DIM = 32;
const ada = randomUnitVector(random, DIM);
const bob = randomUnitVector(random, DIM);
let nextId = 1;
const face = (centre: Float32Array, photoId: number, groupId: number | null = null): GroupingFace => ({
  id: nextId++,
  photoId,
  vector: unitVectorAtDistance(random, centre, 0.25),
  groupId,
});
const everyone = (faces: GroupingFace[]) => () => faces.map((f) => f.id);

describe('groupFaces', () => {
  it('joins an existing group or forms a new one by the same linkage; strangers stay apart', () => {
    const faces = [face(ada, 1, 100), face(ada, 2, 100), face(ada, 3), face(bob, 4), face(bob, 5), face(bob, 6)];
    const result = groupFaces(faces, { maxDistance: 0.6, neighboursOf: everyone(faces) });
    expect(result.joins.get(faces[2]!.id)).toBe(100);
    expect(result.newGroups).toEqual([[faces[3]!.id, faces[4]!.id, faces[5]!.id]]);
  });

  it('never joins a group holding a face of the same photo, nor one the face was rejected from', () => {
    const faces = [face(ada, 1, 100), face(ada, 2, 100), face(ada, 1), face(ada, 7)];
    const result = groupFaces(faces, {
      maxDistance: 0.6,
      neighboursOf: everyone(faces),
      rejectedGroupsOf: (id) => new Set(id === faces[3]!.id ? [100] : []),
    });
    expect(result.joins.size).toBe(0);
  });

  it('reads any smaller cut off one agglomeration', () => {
    const faces = [face(ada, 1), face(ada, 2), face(bob, 3), face(bob, 4)];
    const once = prepareGrouping(faces, { maxDistance: 1.6, neighboursOf: everyone(faces) });
    for (const cut of [0.2, 0.6, 1.6]) expect(once.at(cut)).toEqual(groupFaces(faces, { maxDistance: cut, neighboursOf: everyone(faces) }));
  });
});
