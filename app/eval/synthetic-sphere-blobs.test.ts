import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../shared/seeded-random.js';
import { l2Distance, norm } from '../shared/vector-math.js';
import { randomUnitVector, sphereBlobs, unitVectorAtDistance } from './synthetic-sphere-blobs.js';

describe('synthetic sphere blobs', () => {
  it('draws unit vectors with same-identity distances ≈ s·√(2/(1+s²))', () => {
    const { vectors, labels } = sphereBlobs(
      [
        { size: 30, spread: 0.4 },
        { size: 30, spread: 0.8 },
      ],
      { dim: 128, seed: 2 },
    );
    for (const v of vectors) expect(norm(v)).toBeCloseTo(1, 5);
    const meanWithin = (id: number): number => {
      let s = 0;
      let c = 0;
      for (let i = 0; i < vectors.length; i++) {
        for (let j = i + 1; j < vectors.length; j++) {
          if (labels[i] === id && labels[j] === id) {
            s += l2Distance(vectors[i]!, vectors[j]!);
            c++;
          }
        }
      }
      return s / c;
    };
    expect(meanWithin(0)).toBeCloseTo(0.4 * Math.sqrt(2 / 1.16), 1);
    expect(meanWithin(1)).toBeCloseTo(0.8 * Math.sqrt(2 / 1.64), 1);
  });

  it('places a unit vector at an exact distance', () => {
    const r = mulberry32(1);
    const a = randomUnitVector(r, 64);
    for (const d of [0, 0.3, 1, Math.SQRT2, 1.9]) {
      const b = unitVectorAtDistance(r, a, d);
      expect(norm(b)).toBeCloseTo(1, 5);
      expect(l2Distance(a, b)).toBeCloseTo(d, 5);
    }
    expect(() => unitVectorAtDistance(r, a, 2.5)).toThrow(RangeError);
  });

  it('is deterministic for a seed', () => {
    const spec = [{ size: 3, spread: 0.5 }];
    const a = sphereBlobs(spec, { dim: 8, seed: 5 });
    const b = sphereBlobs(spec, { dim: 8, seed: 5 });
    expect(a.vectors.map((v) => Array.from(v))).toEqual(b.vectors.map((v) => Array.from(v)));
  });
});
