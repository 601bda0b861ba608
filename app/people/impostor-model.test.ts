import { describe, expect, it } from 'vitest';
import { syntheticEmbeddings } from '../index/synthetic-embeddings.js';
import { exactNeighbours } from '../index/exact-knn.js';
import { groupingAtLibraryCut, impostorModel, linkageCut, normalQuantile } from './impostor-model.js';

describe('impostor model', () => {
  it('inverts the normal distribution', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424, 4);
  });

  it('reads the impostor location and the spread people share from unlabelled faces', () => {
    const set = syntheticEmbeddings({ count: 3000, dimensions: 32, seed: 5, centreCosine: 0.6, withinCosine: [0.9, 0.95], maxPerIdentity: 20 });
    const vectors = Array.from({ length: 3000 }, (_, i) => set.vectors.subarray(i * 32, (i + 1) * 32));
    const pairSpread = impostorModel(vectors);
    const nn = exactNeighbours(set.vectors, set.vectors, 32, 2);
    const shared = impostorModel(vectors, { nearest: (i) => Array.from(nn[i]!.rows).find((j) => j !== i) });
    // Random pairs of 3000 faces of ~300 people are nearly all impostors: L2 between cosines ~0.6·0.93 ≈ 0.95.
    expect(pairSpread.mean).toBeGreaterThan(0.85);
    expect(pairSpread.mean).toBeLessThan(1.05);
    // What two people share is less than what two photos vary by.
    expect(shared.sd).toBeLessThan(pairSpread.sd);
  });

  it('cuts stricter as the library holds more people, never looser than the verification threshold', () => {
    const model = { mean: 0.58, sd: 0.06, pairs: 1 };
    expect(linkageCut(model, 5000)).toBeLessThan(linkageCut(model, 500));
    expect(linkageCut(model, 500, { expectedWrong: 50 })).toBeCloseTo(0.58 + 0.06 * normalQuantile(50 / ((500 * 499) / 2)), 9);
    const { cut } = groupingAtLibraryCut((c) => c, () => 3, model, { verify: 0.4541, auto: 0.396 });
    expect(cut).toBe(0.4541);
    const settled = groupingAtLibraryCut((c) => c, (c) => Math.round(500 + 1000 * (0.4 - c)), model, { verify: 0.4541, auto: 0.396 });
    expect(settled.cut).toBeLessThan(0.396);
    expect(settled.result).toBe(settled.cut);
  });
});
