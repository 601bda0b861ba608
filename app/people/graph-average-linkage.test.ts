import { describe, expect, it } from 'vitest';
import { sphereBlobs } from '../eval/synthetic-sphere-blobs.js';
import { averageLinkageMerge } from './average-linkage.js';
import { graphAverageLinkage } from './graph-average-linkage.js';
import { squaredL2 } from '../shared/vector-math.js';

function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) for (let j = 0; j < a.length; j++) if ((a[i] === a[j]) !== (b[i] === b[j])) return false;
  return true;
}

const { vectors } = sphereBlobs(
  [6, 5, 7, 4, 6].map((size) => ({ size, spread: 0.8 })),
  { dim: 16, seed: 4 },
);
const singletons = vectors.map((v) => ({ sum: v, count: 1 }));
const complete: [number, number][] = vectors.flatMap((_, a) => vectors.map((_, b) => [a, b] as [number, number]).filter(([x, y]) => x < y));
const knn = (k: number): [number, number][] =>
  vectors.flatMap((v, a) =>
    vectors
      .map((w, b) => ({ b, d: squaredL2(v, w) }))
      .filter((x) => x.b !== a)
      .sort((x, y) => x.d - y.d)
      .slice(0, k)
      .map((x) => [a, x.b] as [number, number]),
  );

describe('graphAverageLinkage', () => {
  it('equals exact average linkage on the complete graph, at several cuts', () => {
    for (const t of [0.6, 0.9, 1.1, 1.3]) {
      const graph = graphAverageLinkage(singletons, complete, { maxDistance: t });
      expect(samePartition(graph, averageLinkageMerge(singletons, vectors.map(() => []), t))).toBe(true);
    }
  });

  it('equals it on a 10-nearest-neighbour graph at cuts that keep people apart', () => {
    for (const t of [0.6, 0.9, 1.1]) {
      expect(samePartition(graphAverageLinkage(singletons, knn(10), { maxDistance: t }), averageLinkageMerge(singletons, vectors.map(() => []), t))).toBe(true);
    }
  });

  it('never merges across a conflict, nor two fixed groups', () => {
    const conflicts: [number, number][] = [[0, 1], [6, 7]];
    const label = graphAverageLinkage(singletons, complete, { maxDistance: 1.1, conflicts });
    for (const [a, b] of conflicts) expect(label[a]).not.toBe(label[b]);
    const fixed = singletons.map((u, i) => (i === 0 || i === 2 ? { ...u, fixed: true } : u));
    const withFixed = graphAverageLinkage(fixed, complete, { maxDistance: 1.1 });
    expect(withFixed[0]).not.toBe(withFixed[2]);
  });
});
