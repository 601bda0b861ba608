import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../shared/seeded-random.js';
import { ridgeRegression } from './ridge-regression.js';
import { gaussianVector } from './synthetic-identities.js';

describe('ridgeRegression', () => {
  it('recovers an exact affine map from noiseless data', () => {
    const random = mulberry32(1);
    const [n, dIn, dOut] = [60, 12, 5];
    const w = gaussianVector(random, dOut * dIn);
    const b = gaussianVector(random, dOut);
    const x = gaussianVector(random, n * dIn);
    const y = new Float64Array(n * dOut);
    for (let r = 0; r < n; r++) {
      for (let o = 0; o < dOut; o++) {
        let s = b[o]!;
        for (let i = 0; i < dIn; i++) s += w[o * dIn + i]! * x[r * dIn + i]!;
        y[r * dOut + o] = s;
      }
    }
    const fit = ridgeRegression(x, y, n, dIn, dOut, 1e-9);
    fit.weights.forEach((v, i) => expect(v).toBeCloseTo(w[i]!, 6));
    fit.bias.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 6));
  });

  it('stays solvable with fewer samples than inputs', () => {
    const random = mulberry32(2);
    const fit = ridgeRegression(gaussianVector(random, 5 * 20), gaussianVector(random, 5 * 3), 5, 20, 3, 1e-2);
    expect(fit.weights.every(Number.isFinite)).toBe(true);
  });
});
