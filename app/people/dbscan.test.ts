import { describe, expect, it } from 'vitest';
import { dbscan } from './dbscan.js';

/** Points on a line in 2-D (distance = |Δx|), so neighbourhoods are easy to check by hand. */
const line = (...xs: number[]): Float32Array[] => xs.map((x) => Float32Array.from([x, 0]));

describe('dbscan', () => {
  it('finds dense runs, marks isolated points as noise, numbers clusters in discovery order', () => {
    //            0    1    2    3    4     5     6     7
    const pts = line(0, 0.1, 0.2, 0.3, 5, 10, 10.1, 10.2);
    const r = dbscan(pts, { eps: 0.15, minPts: 3 });
    expect(Array.from(r.labels)).toEqual([0, 0, 0, 0, -1, 1, 1, 1]);
    expect(r.clusterCount).toBe(2);
  });

  it('counts the point itself towards minPts (scikit-learn convention)', () => {
    const pts = line(0, 0.1);
    expect(Array.from(dbscan(pts, { eps: 0.15, minPts: 2 }).labels)).toEqual([0, 0]);
    expect(Array.from(dbscan(pts, { eps: 0.15, minPts: 3 }).labels)).toEqual([-1, -1]);
  });

  it('attaches border points, including ones first seen as noise, and does not expand through them', () => {
    // minPts 4: 0.10..0.16 are core; 0.30 sees only {0.16, 0.30, 0.42} → border (visited first, so first marked
    // noise, then claimed); 0.42 is within eps of the border point only → stays noise.
    const pts = line(0.3, 0.1, 0.12, 0.14, 0.16, 0.42);
    const r = dbscan(pts, { eps: 0.15, minPts: 4 });
    expect(Array.from(r.labels)).toEqual([0, 0, 0, 0, 0, -1]);
  });

  it('includes points at exactly eps', () => {
    const pts = line(0, 0.5, 1);
    expect(Array.from(dbscan(pts, { eps: 0.5, minPts: 2 }).labels)).toEqual([0, 0, 0]);
  });

  it('validates options', () => {
    expect(() => dbscan(line(0), { eps: -1, minPts: 2 })).toThrow(RangeError);
    expect(() => dbscan(line(0), { eps: 1, minPts: 0 })).toThrow(RangeError);
    expect(dbscan([], { eps: 1, minPts: 2 }).clusterCount).toBe(0);
  });
});
