import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../shared/seeded-random.js';
import { gaussianVector } from './synthetic-identities.js';
import { combinedGradient, tripletLoss } from './triplet-loss.js';
import type { Triplets } from './triplet-mining.js';

function triplets(list: [number, number, number][]): Triplets {
  return {
    anchors: Int32Array.from(list.map((t) => t[0])),
    positives: Int32Array.from(list.map((t) => t[1])),
    negatives: Int32Array.from(list.map((t) => t[2])),
    fallback: new Uint8Array(list.length),
    count: list.length,
  };
}

describe('tripletLoss', () => {
  it('is [‖a−p‖² − ‖a−n‖² + α]₊ averaged over the triplets', () => {
    // 1-d points: a = 0, p = 0.5, n1 = 0.6 (violates: .25 − .36 + .2 = .09), n2 = 2 (satisfied).
    const f = Float64Array.from([0, 0.5, 0.6, 2]);
    const r = tripletLoss(f, f, 1, triplets([[0, 1, 2], [0, 1, 3]]), 0.2);
    expect(r.loss).toBeCloseTo(0.09 / 2, 12);
    expect(r.active).toBe(1);
    // ∂/∂a = 2(n − p) = 0.2, ∂/∂p = 2(p − a) = 1, ∂/∂n = 2(a − n) = −1.2, each / 2 (mean)
    expect(Array.from(combinedGradient(r)).map((v) => +v.toFixed(12))).toEqual([0.1, 0.5, -0.6, 0]);
    expect(tripletLoss(f, f, 1, triplets([[0, 1, 2]]), 0.2, 'sum').loss).toBeCloseTo(0.09, 12);
  });

  it('gradient w.r.t. anchors and candidates matches central differences', () => {
    const random = mulberry32(5);
    const dim = 6;
    const a = gaussianVector(random, 4 * dim);
    const c = gaussianVector(random, 5 * dim);
    const t = triplets([[0, 1, 2], [1, 1, 3], [2, 4, 0], [3, 2, 4]]);
    const margin = 20; // every hinge active: a smooth point
    const r = tripletLoss(a, c, dim, t, margin);
    expect(r.active).toBe(4);
    const h = 1e-6;
    for (const [m, g] of [[a, r.gradAnchors], [c, r.gradCandidates]] as const) {
      for (let i = 0; i < m.length; i++) {
        const v = m[i]!;
        m[i] = v + h;
        const up = tripletLoss(a, c, dim, t, margin).loss;
        m[i] = v - h;
        const down = tripletLoss(a, c, dim, t, margin).loss;
        m[i] = v;
        expect(Math.abs((up - down) / (2 * h) - g[i]!)).toBeLessThan(1e-6);
      }
    }
  });

  it('no triplets: zero loss and zero gradient', () => {
    const f = Float64Array.from([1, 0, 0, 1]);
    const r = tripletLoss(f, f, 2, triplets([]), 0.2);
    expect(r.loss).toBe(0);
    expect(combinedGradient(r).every((v) => v === 0)).toBe(true);
  });
});
