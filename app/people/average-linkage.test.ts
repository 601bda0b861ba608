import { describe, expect, it } from 'vitest';
import { sphereBlobs } from '../eval/synthetic-sphere-blobs.js';
import { averageLinkageMerge } from './average-linkage.js';
import { addScaled, squaredL2 } from '../shared/vector-math.js';

/** Reference: greedy closest-pair merging over explicit member lists (O(k³), brute-force mean d²). */
function greedyReference(vectors: Float32Array[], conflictPairs: [number, number][], maxDistance: number): number[] {
  let clusters = vectors.map((_, i) => [i]);
  const conflict = (a: number[], b: number[]): boolean =>
    conflictPairs.some(([x, y]) => (a.includes(x) && b.includes(y)) || (a.includes(y) && b.includes(x)));
  for (;;) {
    let best: [number, number] | undefined;
    let bestD = Infinity;
    for (let a = 0; a < clusters.length; a++) {
      for (let b = a + 1; b < clusters.length; b++) {
        if (conflict(clusters[a]!, clusters[b]!)) continue;
        let s = 0;
        for (const i of clusters[a]!) for (const j of clusters[b]!) s += squaredL2(vectors[i]!, vectors[j]!);
        const d = s / (clusters[a]!.length * clusters[b]!.length);
        if (d < bestD) {
          bestD = d;
          best = [a, b];
        }
      }
    }
    if (!best || bestD > maxDistance * maxDistance) break;
    const [a, b] = best;
    clusters[a] = [...clusters[a]!, ...clusters[b]!];
    clusters = clusters.filter((_, i) => i !== b);
  }
  const label = new Array<number>(vectors.length);
  clusters.forEach((members, c) => members.forEach((i) => (label[i] = c)));
  return label;
}

/** Same partition, regardless of numbering. */
function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) for (let j = 0; j < a.length; j++) if ((a[i] === a[j]) !== (b[i] === b[j])) return false;
  return true;
}

const singletons = (vectors: Float32Array[]) => vectors.map((v) => ({ sum: v, count: 1 }));

describe('averageLinkageMerge', () => {
  // Spread 0.8 makes identities overlap a little, so merge order matters.
  const { vectors } = sphereBlobs(
    [6, 5, 7, 4, 6].map((size) => ({ size, spread: 0.8 })),
    { dim: 16, seed: 4 },
  );

  it('equals greedy closest-pair average linkage (on mean d²) at several thresholds', () => {
    for (const t of [0.6, 0.9, 1.1, 1.3]) {
      const fast = averageLinkageMerge(singletons(vectors), vectors.map(() => []), t);
      expect(samePartition(fast, greedyReference(vectors, [], t))).toBe(true);
    }
  });

  it('equals the reference with cannot-links, and never merges across one', () => {
    const pairs: [number, number][] = [[0, 1], [6, 7], [2, 8], [12, 20]];
    const conflicts = vectors.map((_, i) => pairs.flatMap(([a, b]) => (a === i ? [b] : b === i ? [a] : [])));
    const fast = averageLinkageMerge(singletons(vectors), conflicts, 1.1);
    expect(samePartition(fast, greedyReference(vectors, pairs, 1.1))).toBe(true);
    for (const [a, b] of pairs) expect(fast[a]).not.toBe(fast[b]);
  });

  it('uses the group sums exactly: a pre-merged group behaves like its members', () => {
    const sum = new Float32Array(16);
    for (const v of vectors.slice(0, 3)) addScaled(sum, v);
    const groups = [{ sum, count: 3 }, ...singletons(vectors.slice(3))];
    const grouped = averageLinkageMerge(groups, groups.map(() => []), 1.0);
    const flat = averageLinkageMerge(singletons(vectors), vectors.map(() => []), 1.0);
    // Only comparable when the flat run also puts 0..2 together, which it does at this threshold.
    expect(flat[0]).toBe(flat[1]);
    expect(flat[1]).toBe(flat[2]);
    expect(samePartition(grouped, [flat[0]!, ...Array.from(flat.slice(3))])).toBe(true);
  });

  it('merges nothing under a tiny threshold and numbers clusters by first member', () => {
    expect(Array.from(averageLinkageMerge(singletons(vectors.slice(0, 4)), [[], [], [], []], 0.01))).toEqual([0, 1, 2, 3]);
    const two = averageLinkageMerge(singletons([vectors[0]!, vectors[10]!, vectors[1]!]), [[], [], []], 0.9);
    expect(Array.from(two)).toEqual([0, 1, 0]);
  });
});
