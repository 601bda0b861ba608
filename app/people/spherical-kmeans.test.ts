import { describe, expect, it } from 'vitest';
import { bcubedPrecisionRecall } from '../eval/cluster-metrics.js';
import { sphereBlobs } from '../eval/synthetic-sphere-blobs.js';
import { ContradictoryConstraintsError } from './clustering-constraints.js';
import { sphericalKMeans } from './spherical-kmeans.js';
import { norm } from '../shared/vector-math.js';

// 6 identities, 128-d, of different sizes; spread 0.5 puts same-identity faces ≈ 0.63 apart, others ≈ 1.4.
const blobs = sphereBlobs(
  [12, 20, 8, 15, 10, 25].map((size) => ({ size, spread: 0.5 })),
  { dim: 128, seed: 21 },
);

describe('sphericalKMeans', () => {
  it('recovers well-separated identities with the right k (with restarts)', () => {
    const r = sphericalKMeans(blobs.vectors, { k: 6, seed: 1, restarts: 6 });
    expect(bcubedPrecisionRecall(r.assignments, blobs.labels).f1).toBeGreaterThan(0.99);
    expect(r.converged).toBe(true);
    expect(r.centroids).toHaveLength(6);
    for (const c of r.centroids) expect(norm(c)).toBeCloseTo(1, 5);
    expect(Array.from(r.sizes).reduce((a, b) => a + b, 0)).toBe(blobs.vectors.length);
  });

  it('restarts keep the best objective: never worse than the first run, better when it was a local optimum', () => {
    // Seed 1 alone lands in a local optimum on this data (two identities share a centroid).
    const single = sphericalKMeans(blobs.vectors, { k: 6, seed: 1 });
    const multi = sphericalKMeans(blobs.vectors, { k: 6, seed: 1, restarts: 6 });
    expect(bcubedPrecisionRecall(single.assignments, blobs.labels).f1).toBeLessThan(0.99);
    expect(multi.objective).toBeGreaterThan(single.objective);
  });

  it('is deterministic for a seed', () => {
    const a = sphericalKMeans(blobs.vectors, { k: 9, seed: 5 });
    const b = sphericalKMeans(blobs.vectors, { k: 9, seed: 5 });
    expect(Array.from(a.assignments)).toEqual(Array.from(b.assignments));
    expect(a.centroids.map((c) => Array.from(c))).toEqual(b.centroids.map((c) => Array.from(c)));
    expect(a.objective).toBe(b.objective);
  });

  it('respects cannot-links even against the geometry', () => {
    // Faces 0..3 are one identity; forbid every pair among them from sharing a cluster.
    const cannotLink: [number, number][] = [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]];
    const r = sphericalKMeans(blobs.vectors, { k: 8, seed: 2, cannotLink });
    const clusters = [0, 1, 2, 3].map((i) => r.assignments[i]!);
    expect(clusters.every((c) => c >= 0)).toBe(true);
    expect(new Set(clusters).size).toBe(4);
  });

  it('leaves a unit unassigned (-1) when no cluster is feasible', () => {
    const triangle: [number, number][] = [[0, 1], [1, 2], [0, 2]];
    const r = sphericalKMeans(blobs.vectors.slice(0, 3), { k: 2, seed: 1, cannotLink: triangle });
    const a = Array.from(r.assignments);
    expect(a.filter((c) => c === -1)).toHaveLength(1);
    expect(new Set(a.filter((c) => c >= 0)).size).toBe(2);
  });

  it('keeps must-link groups together, even across identities', () => {
    // Face 0 (identity 0) and face 12 (identity 1) confirmed as one person.
    const r = sphericalKMeans(blobs.vectors, { k: 6, seed: 3, mustLink: [[0, 12], [1, 2, 3]] });
    expect(r.assignments[0]).toBe(r.assignments[12]);
    expect(r.assignments[1]).toBe(r.assignments[2]);
    expect(r.assignments[2]).toBe(r.assignments[3]);
  });

  it('seeds from must-link groups: two confirmed groups of different identities start apart', () => {
    // k = 2 over identities 0 and 1 only; the confirmed groups fix which is which.
    const vecs = blobs.vectors.slice(0, 32);
    const r = sphericalKMeans(vecs, { k: 2, seed: 4, mustLink: [[0, 1, 2], [12, 13, 14]] });
    expect(r.assignments[0]).not.toBe(r.assignments[12]);
    expect(bcubedPrecisionRecall(r.assignments, blobs.labels.slice(0, 32)).f1).toBe(1);
  });

  it('refuses contradictory constraints', () => {
    expect(() => sphericalKMeans(blobs.vectors, { k: 3, mustLink: [[0, 1]], cannotLink: [[1, 0]] })).toThrow(
      ContradictoryConstraintsError,
    );
  });

  it('repairs empty clusters: duplicates and k above the number of distinct points', () => {
    const a = blobs.vectors[0]!;
    const b = blobs.vectors[20]!;
    const vecs = [a, a, a, a, b, b, b, b];
    const r = sphericalKMeans(vecs, { k: 4, seed: 1 });
    expect(r.centroids).toHaveLength(4);
    for (const size of r.sizes) expect(size).toBeGreaterThan(0);
    // Never puts a and b together.
    const ca = new Set(Array.from(r.assignments.slice(0, 4)));
    const cb = new Set(Array.from(r.assignments.slice(4)));
    expect([...ca].some((c) => cb.has(c))).toBe(false);
  });

  it('clamps k to the number of units and handles empty input', () => {
    const r = sphericalKMeans(blobs.vectors.slice(0, 4), { k: 10, mustLink: [[0, 1]] });
    expect(r.centroids).toHaveLength(3);
    expect(sphericalKMeans([], { k: 3 }).assignments).toHaveLength(0);
    expect(() => sphericalKMeans(blobs.vectors, { k: 0 })).toThrow(RangeError);
  });

  it('stops at maxIterations', () => {
    const r = sphericalKMeans(blobs.vectors, { k: 30, seed: 1, maxIterations: 1 });
    expect(r.iterations).toBe(1);
    expect(r.converged).toBe(false);
  });
});
