import { describe, expect, it } from 'vitest';
import { intersectionOverSmaller, intersectionOverUnion } from './box-overlap.js';
import { couldBeSameFace, matchRegionsToFaces } from './region-matching.js';

const box = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });
const region = (name: string | null, b: ReturnType<typeof box>) => ({ name, box: b });
const face = (id: number, b: ReturnType<typeof box>) => ({ id, box: b });

describe('matching imported regions to detected faces', () => {
  it('matches a loose tagger box around a tight detector box, which IoU alone would miss', () => {
    const detected = box(110, 110, 40, 40);
    const tagged = box(90, 85, 80, 90); // Lightroom-style: hair and chin included
    expect(intersectionOverUnion(detected, tagged)).toBeLessThan(0.25);
    expect(intersectionOverSmaller(detected, tagged)).toBe(1);
    const m = matchRegionsToFaces([region('Ann', tagged)], [face(7, detected)]);
    expect(m.matched.map((p) => [p.region.name, p.face.id])).toEqual([['Ann', 7]]);
    expect(m.unmatched).toEqual([]);
  });

  it('does not let a region much larger than a face claim it, nor a region beside it', () => {
    expect(couldBeSameFace(box(0, 0, 400, 400), box(100, 100, 40, 40))).toBe(false); // 100× the area
    expect(couldBeSameFace(box(0, 0, 40, 40), box(30, 0, 40, 40))).toBe(false); // a quarter overlap
    const m = matchRegionsToFaces([region('Group', box(0, 0, 400, 400)), region('Bob', box(500, 0, 40, 40))], [face(1, box(100, 100, 40, 40))]);
    expect(m.matched).toEqual([]);
    expect(m.unmatched.map((r) => r.name)).toEqual(['Group', 'Bob']);
  });

  it('assigns one face per region, best-aligned pairs first', () => {
    // Two faces close together; each region clearly fits one of them better.
    const faces = [face(1, box(100, 100, 50, 50)), face(2, box(120, 100, 50, 50))];
    const right = box(118, 98, 54, 54);
    expect(couldBeSameFace(right, faces[0]!.box)).toBe(true); // qualifies for both: order alone would pick face 1
    const m = matchRegionsToFaces([region('Right', right), region('Left', box(98, 98, 54, 54))], faces);
    expect(m.matched.map((p) => [p.region.name, p.face.id])).toEqual([['Right', 2], ['Left', 1]]);
  });

  it('leaves unmatched regions for manual faces, ignores unnamed ones, keeps the first of two same-named regions', () => {
    const m = matchRegionsToFaces(
      [region('Ann', box(0, 0, 10, 10)), region(null, box(50, 50, 10, 10)), region('ann', box(80, 80, 10, 10))],
      [],
      ['Bob', 'ANN', 'bob', 'Cy'],
    );
    expect(m.unmatched.map((r) => r.name)).toEqual(['Ann']);
    expect(m.duplicates.map((r) => r.name)).toEqual(['ann']);
    expect(m.nameOnly).toEqual(['Bob', 'Cy']);
  });
});
