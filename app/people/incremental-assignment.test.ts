import { describe, expect, it } from 'vitest';
import { randomUnitVector, sampleAround } from '../eval/synthetic-sphere-blobs.js';
import { assignIncrementally, faceGroupFromVectors } from './incremental-assignment.js';
import { mulberry32 } from '../shared/seeded-random.js';
import { squaredL2 } from '../shared/vector-math.js';

const r = mulberry32(17);
const centres = [0, 1, 2].map(() => randomUnitVector(r, 128));
const members = centres.map((c) => Array.from({ length: 8 }, () => sampleAround(r, c, 0.5)));
const groups = members.map((m, i) => faceGroupFromVectors(`person-${i}`, m));

describe('assignIncrementally', () => {
  it('joins each face to its own identity and leaves a stranger for the next clustering', () => {
    const faces = [
      { vector: sampleAround(r, centres[2]!, 0.5) },
      { vector: sampleAround(r, centres[0]!, 0.5) },
      { vector: sampleAround(r, randomUnitVector(r, 128), 0.5) },
    ];
    const out = assignIncrementally(faces, groups, 0.9);
    expect(out.map((o) => o.groupId)).toEqual(['person-2', 'person-0', null]);
    expect(out[2]!.distance).toBeGreaterThan(0.9);
    expect(Number.isFinite(out[2]!.distance)).toBe(true);
  });

  it('measures distance as the RMS distance to the members (average linkage)', () => {
    const x = sampleAround(r, centres[1]!, 0.5);
    const [out] = assignIncrementally([{ vector: x }], groups, 2);
    const rms = Math.sqrt(members[1]!.reduce((s, m) => s + squaredL2(x, m), 0) / members[1]!.length);
    expect(out!.distance).toBeCloseTo(rms, 5);
    expect(out!.groupId).toBe('person-1');
  });

  it('keeps two new faces of one photo apart, the closer one winning', () => {
    const near = sampleAround(r, centres[0]!, 0.3);
    const far = sampleAround(r, centres[0]!, 0.6);
    const out = assignIncrementally(
      [
        { vector: far, photoId: 'p' },
        { vector: near, photoId: 'p' },
      ],
      groups,
      0.95,
    );
    expect(out[1]!.groupId).toBe('person-0');
    expect(out[0]!.groupId).toBeNull(); // its next group is beyond the threshold
  });

  it('skips groups that already hold a face of the same photo, and low-quality faces', () => {
    const withPhoto = faceGroupFromVectors('person-0', members[0]!, new Set(['p9']));
    const v = sampleAround(r, centres[0]!, 0.5);
    expect(assignIncrementally([{ vector: v, photoId: 'p9' }], [withPhoto], 0.9)[0]!.groupId).toBeNull();
    expect(assignIncrementally([{ vector: v, photoId: 'p9' }], [withPhoto], 0.9)[0]!.distance).toBe(Infinity);
    expect(assignIncrementally([{ vector: v, lowQuality: true }], groups, 0.9)[0]!.groupId).toBeNull();
    expect(assignIncrementally([{ vector: v }], groups, 0.9)[0]!.groupId).toBe('person-0');
  });

  it('does not depend on the order of the new faces', () => {
    const faces = centres.flatMap((c) => [0, 1].map(() => ({ vector: sampleAround(r, c, 0.55) })));
    const a = assignIncrementally(faces, groups, 0.9).map((o) => o.groupId);
    const b = assignIncrementally([...faces].reverse(), groups, 0.9).map((o) => o.groupId).reverse();
    expect(a).toEqual(b);
  });

  it('validates groups', () => {
    expect(() => faceGroupFromVectors('x', [])).toThrow(RangeError);
    expect(() => assignIncrementally([], [{ id: 'x', sum: new Float32Array(2), count: 0 }], 1)).toThrow(RangeError);
  });
});
