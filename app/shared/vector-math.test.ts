import { describe, expect, it } from 'vitest';
import { addScaled, cosineToL2, dot, l2Distance, l2ToCosine, meanDirection, norm, normalise, squaredL2 } from './vector-math.js';

const v = (...xs: number[]): Float32Array => Float32Array.from(xs);

describe('vector-math', () => {
  it('computes dot, norms and distances on hand examples', () => {
    expect(dot(v(1, 2, 3), v(4, -5, 6))).toBe(12);
    expect(squaredL2(v(1, 2, 3), v(4, -2, 3))).toBe(25);
    expect(l2Distance(v(0, 0), v(3, 4))).toBe(5);
    expect(norm(v(3, 4))).toBe(5);
  });

  it('rejects vectors of different lengths', () => {
    expect(() => dot(v(1, 2), v(1, 2, 3))).toThrow(RangeError);
    expect(() => squaredL2(v(1), v(1, 2))).toThrow(RangeError);
  });

  it('normalises to unit length, in place when asked, and maps zero to zero', () => {
    const a = v(3, 4);
    const out = normalise(a);
    expect(out).not.toBe(a);
    expect(Array.from(out)).toEqual([Math.fround(0.6), Math.fround(0.8)]);
    expect(normalise(a, a)).toBe(a);
    expect(norm(a)).toBeCloseTo(1, 6);
    expect(Array.from(normalise(v(0, 0, 0)))).toEqual([0, 0, 0]);
  });

  it('mean direction is the normalised sum, over a subset when given indices', () => {
    const xs = [v(1, 0), v(0, 1), v(-1, 0)];
    const all = meanDirection(xs);
    expect(all[0]).toBeCloseTo(0, 6);
    expect(all[1]).toBeCloseTo(1, 6);
    const sub = meanDirection(xs, [0, 1]);
    expect(sub[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(sub[1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(Array.from(meanDirection([v(1, 0), v(-1, 0)]))).toEqual([0, 0]);
    expect(() => meanDirection(xs, [5])).toThrow(RangeError);
  });

  it('addScaled accumulates in place', () => {
    const acc = new Float64Array(2);
    addScaled(acc, v(1, 2), 3);
    addScaled(acc, v(1, 1));
    expect(Array.from(acc)).toEqual([4, 7]);
  });

  it('converts between cosine and L2 distance for unit vectors', () => {
    const a = normalise(v(1, 2, 2));
    const b = normalise(v(2, -1, 0.5));
    expect(cosineToL2(dot(a, b))).toBeCloseTo(l2Distance(a, b), 6);
    expect(l2ToCosine(l2Distance(a, b))).toBeCloseTo(dot(a, b), 6);
    expect(cosineToL2(1.0000001)).toBe(0);
  });
});
