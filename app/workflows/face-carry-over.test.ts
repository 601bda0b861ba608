import { describe, expect, it } from 'vitest';
import { matchFacesAcrossEdit, type FaceAfter, type FaceBefore } from './face-carry-over.js';

/** A unit vector along axis `i` (distinct people are orthogonal: distance √2). */
const person = (i: number): Float32Array => Float32Array.from({ length: 8 }, (_, k) => (k === i ? 1 : 0));
const box = (x: number, y: number, width = 40, height = 50) => ({ x, y, width, height });

/** A retouch: same frame before and after. */
const SAME = { before: { width: 640, height: 480 }, now: { width: 640, height: 480 }, maxDistance: 0.5 };

describe('matchFacesAcrossEdit', () => {
  it('a crop: each face matches the one at its old place less the crop offset', () => {
    const before: FaceBefore[] = [
      { id: 1, box: box(100, 100), embedding: person(0) },
      { id: 2, box: box(300, 120), embedding: person(1) },
    ];
    const after: FaceAfter[] = [
      { box: box(300 - 60, 120 - 30), embedding: person(1) },
      { box: box(100 - 60, 100 - 30), embedding: person(0) },
    ];
    expect(matchFacesAcrossEdit(before, after, { before: { width: 640, height: 480 }, now: { width: 500, height: 400 }, maxDistance: 0.5 })).toEqual(
      new Map([[1, 1], [2, 0]]),
    );
  });

  it('a quarter turn clockwise of a 640×480 photo: boxes turn with it', () => {
    const H = 480;
    const turn = (b: { x: number; y: number; width: number; height: number }) => ({ x: H - b.y - b.height, y: b.x, width: b.height, height: b.width });
    const before: FaceBefore[] = [
      { id: 1, box: box(100, 100), embedding: person(0) },
      { id: 2, box: box(400, 300), embedding: person(1) },
      { id: 3, box: box(500, 50), embedding: undefined }, // drawn by hand: matches on place alone
    ];
    const after: FaceAfter[] = before.map((b, i) => ({ box: turn(b.box), embedding: person(i) }));
    expect(matchFacesAcrossEdit(before, after, { before: { width: 640, height: 480 }, now: { width: 480, height: 640 }, maxDistance: 0.5 })).toEqual(
      new Map([[1, 0], [2, 1], [3, 2]]),
    );
  });

  it('a look-alike elsewhere in the photo takes no name, and two faces never swap names', () => {
    const before: FaceBefore[] = [
      { id: 1, box: box(100, 100), embedding: person(0) },
      { id: 2, box: box(300, 100), embedding: person(1) },
    ];
    // Same places, but the embeddings say 1 and 2 changed places: not the same faces, nothing carried.
    const swapped: FaceAfter[] = [
      { box: box(100, 100), embedding: person(1) },
      { box: box(300, 100), embedding: person(0) },
    ];
    expect(matchFacesAcrossEdit(before, swapped, SAME)).toEqual(new Map());
    // Person 0 stays in place; a second face of person 0 appears elsewhere: only the one in place matches.
    const twin: FaceAfter[] = [
      { box: box(500, 300), embedding: person(0) },
      { box: box(100, 100), embedding: person(0) },
      { box: box(300, 100), embedding: person(1) },
    ];
    expect(matchFacesAcrossEdit(before, twin, SAME)).toEqual(new Map([[1, 1], [2, 2]]));
  });
});
