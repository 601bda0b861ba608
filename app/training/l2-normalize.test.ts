import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../shared/seeded-random.js';
import { normalizeRows, normalizeRowsBackward } from './l2-normalize.js';
import { squaredDistances } from './pairwise-distances.js';
import { gaussianVector } from './synthetic-identities.js';

describe('normalizeRows', () => {
  it('gives unit rows and maps a zero row to zero', () => {
    const { out } = normalizeRows(Float64Array.from([3, 4, 0, 0]), 2, 2);
    expect(Array.from(out)).toEqual([0.6, 0.8, 0, 0]);
  });

  it('backward matches central differences of a linear functional of the outputs', () => {
    const random = mulberry32(4);
    const [rows, dim] = [3, 5];
    const z = gaussianVector(random, rows * dim);
    const g = gaussianVector(random, rows * dim); // L = Σ g·f
    const loss = () => normalizeRows(z, rows, dim).out.reduce((s, f, i) => s + f * g[i]!, 0);
    const { out, norms } = normalizeRows(z, rows, dim);
    const dz = normalizeRowsBackward(out, norms, g, rows, dim);
    const h = 1e-6;
    for (let i = 0; i < z.length; i++) {
      const v = z[i]!;
      z[i] = v + h;
      const up = loss();
      z[i] = v - h;
      const down = loss();
      z[i] = v;
      expect(Math.abs((up - down) / (2 * h) - dz[i]!)).toBeLessThan(1e-8);
    }
  });

  it('squared distances of unit rows equal 2 − 2 cos', () => {
    const a = Float64Array.from([1, 0, 0.6, 0.8]);
    expect(Array.from(squaredDistances(a, 2, a, 2, 2)).map((v) => +v.toFixed(12))).toEqual([0, 0.8, 0.8, 0]);
  });
});
