import { describe, expect, it } from 'vitest';
import { BatchSampler } from './batch-sampler.js';

/** Person p has counts[p] faces; faces listed person by person. */
function labelsFor(counts: number[]): Int32Array {
  return Int32Array.from(counts.flatMap((c, p) => Array<number>(c).fill(p)));
}

describe('BatchSampler', () => {
  const counts = [10, 2, 3, 1, 7, 5, 1, 4, 6, 2];
  const labels = labelsFor(counts);

  it('draws P people × min(K, their faces), distinct faces, only people with ≥ 2 faces', () => {
    const sampler = new BatchSampler(labels, { P: 4, K: 4, seed: 1 });
    for (let b = 0; b < 50; b++) {
      const batch = [...sampler.nextBatch()];
      expect(new Set(batch).size).toBe(batch.length);
      const perPerson = new Map<number, number>();
      for (const i of batch) perPerson.set(labels[i]!, (perPerson.get(labels[i]!) ?? 0) + 1);
      expect(perPerson.size).toBe(4);
      for (const [person, k] of perPerson) {
        expect(counts[person]).toBeGreaterThanOrEqual(2);
        expect(k).toBe(Math.min(4, counts[person]!));
      }
    }
  });

  it('an epoch visits every eligible person and every one of their faces', () => {
    const sampler = new BatchSampler(labels, { P: 3, K: 2, seed: 9 });
    const eligibleFaces = counts.filter((c) => c >= 2).reduce((s, c) => s + c, 0);
    expect(sampler.batchesPerEpoch).toBe(Math.max(Math.ceil(8 / 3), Math.ceil(eligibleFaces / 6)));
    const seen = new Set<number>();
    for (let e = 0; e < 2; e++) for (const batch of sampler.epoch()) batch.forEach((i) => seen.add(i));
    const expected = [...labels.keys()].filter((i) => counts[labels[i]!]! >= 2);
    expect([...seen].sort((a, b) => a - b)).toEqual(expected);
  });

  it('fills free slots with single-face people (negatives only) when fewer than P can be anchors', () => {
    const small = labelsFor([3, 1, 1, 2]);
    const batch = [...new BatchSampler(small, { P: 4, K: 3, seed: 2 }).nextBatch()];
    expect(batch.map((i) => small[i]).sort()).toEqual([0, 0, 0, 1, 2, 3, 3]);
  });

  it('is deterministic per seed and differs across seeds', () => {
    const run = (seed: number) => new BatchSampler(labels, { P: 4, K: 3, seed }).epoch().map((b) => [...b]);
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });

  it('reports no batches when no triplet can be formed, and rejects K < 2', () => {
    expect(new BatchSampler(labelsFor([1, 1, 1]), { P: 2, K: 2, seed: 0 }).batchesPerEpoch).toBe(0);
    expect(new BatchSampler(labelsFor([5]), { P: 2, K: 2, seed: 0 }).batchesPerEpoch).toBe(0);
    expect(() => new BatchSampler(labels, { P: 4, K: 1, seed: 0 })).toThrow();
  });
});
