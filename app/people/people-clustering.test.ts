import { describe, expect, it } from 'vitest';
import { bcubedPrecisionRecall, evaluateClustering } from '../eval/cluster-metrics.js';
import { randomUnitVector, sampleAround, sphereBlobs, unitVectorAtDistance } from '../eval/synthetic-sphere-blobs.js';
import { bestAccuracyThreshold } from '../eval/verification-metrics.js';
import { dbscan } from './dbscan.js';
import { clusterPeople, type FaceMeta } from './people-clustering.js';
import { mulberry32 } from '../shared/seeded-random.js';
import { l2Distance, norm } from '../shared/vector-math.js';

/**
 * 15 identities in 128-d of very different sizes (5..60) and densities (spread 0.35..0.65, i.e. same-person distances
 * ≈ 0.46..0.78), three "sibling" pairs whose centres are only 0.9 apart, and 10% hard faces (spread × 1.6).
 */
function siblingsScenario(seed: number): { vectors: Float32Array[]; labels: number[] } {
  const r = mulberry32(seed);
  const sizes = [40, 8, 25, 5, 60, 12, 30, 6, 15, 50, 10, 20, 7, 35, 9];
  const spreads = [0.35, 0.65, 0.4, 0.6, 0.35, 0.6, 0.45, 0.65, 0.4, 0.35, 0.6, 0.5, 0.65, 0.4, 0.55];
  const centres = sizes.map(() => randomUnitVector(r, 128));
  centres[4] = unitVectorAtDistance(r, centres[0]!, 0.9);
  centres[9] = unitVectorAtDistance(r, centres[2]!, 0.9);
  centres[13] = unitVectorAtDistance(r, centres[6]!, 0.9);
  const vectors: Float32Array[] = [];
  const labels: number[] = [];
  sizes.forEach((n, id) => {
    for (let j = 0; j < n; j++) {
      const hard = r() < 0.1;
      vectors.push(sampleAround(r, centres[id]!, spreads[id]! * (hard ? 1.6 : 1)));
      labels.push(id);
    }
  });
  return { vectors, labels };
}

const plain = (n: number): FaceMeta[] => Array.from({ length: n }, () => ({}));

describe('clusterPeople on identities of differing density', () => {
  const { vectors, labels } = siblingsScenario(1);
  const faces = plain(vectors.length);
  // Calibrate the verification threshold the way the app does: best accuracy over labelled pairs.
  const distances: number[] = [];
  const same: boolean[] = [];
  for (let i = 0; i < vectors.length; i++) {
    for (let j = i + 1; j < vectors.length; j++) {
      distances.push(l2Distance(vectors[i]!, vectors[j]!));
      same.push(labels[i] === labels[j]);
    }
  }
  const tau = bestAccuracyThreshold(distances, same).threshold;

  it('recovers the identities at the calibrated threshold, better than DBSCAN with eps = that threshold', () => {
    const ours = evaluateClustering(clusterPeople(vectors, faces, { threshold: tau }).assignments, labels);
    const db = evaluateClustering(dbscan(vectors, { eps: tau, minPts: 3 }).labels, labels);
    expect(ours.bcubed.f1).toBeGreaterThan(0.95);
    expect(ours.clusterCount).toBe(15);
    expect(ours.pairwise.precision).toBeGreaterThan(0.99);
    expect(db.bcubed.f1).toBeLessThan(ours.bcubed.f1 - 0.03);
    expect(db.clusterCount).toBeLessThan(15); // a sibling pair chained together
  });

  it('stays above 0.95 BCubed F1 across thresholds where DBSCAN collapses', () => {
    const grid = [0.8, 0.85, 0.9, 0.95];
    const ours = grid.map((t) => bcubedPrecisionRecall(clusterPeople(vectors, faces, { threshold: t }).assignments, labels).f1);
    const db = grid.map((eps) => bcubedPrecisionRecall(dbscan(vectors, { eps, minPts: 3 }).labels, labels).f1);
    for (const f of ours) expect(f).toBeGreaterThan(0.95);
    expect(Math.min(...db)).toBeLessThan(0.85);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(ours) - mean(db)).toBeGreaterThan(0.05);
  });

  it('gives the same quality through the k-means over-segmentation path', () => {
    const r = clusterPeople(vectors, faces, { threshold: tau, oversegmentAbove: 0 });
    expect(r.segments).toBe(Math.ceil(vectors.length / 4));
    expect(bcubedPrecisionRecall(r.assignments, labels).f1).toBeGreaterThan(0.95);
  });

  it('is deterministic for a seed and returns unit centroids, member sums and sizes by decreasing size', () => {
    const a = clusterPeople(vectors, faces, { threshold: tau, oversegmentAbove: 0, seed: 9 });
    const b = clusterPeople(vectors, faces, { threshold: tau, oversegmentAbove: 0, seed: 9 });
    expect(Array.from(a.assignments)).toEqual(Array.from(b.assignments));
    for (const c of a.centroids) expect(norm(c)).toBeCloseTo(1, 5);
    for (let i = 1; i < a.sizes.length; i++) expect(a.sizes[i]!).toBeLessThanOrEqual(a.sizes[i - 1]!);
    a.sizes.forEach((size, c) => expect(Array.from(a.assignments).filter((x) => x === c)).toHaveLength(size));
    expect(norm(a.sums[0]!)).toBeGreaterThan(0.9 * a.sizes[0]!); // tight cluster: |Σ| close to its size
  });
});

describe('clusterPeople constraints and filters', () => {
  const blobs = sphereBlobs(
    [10, 10, 10, 1].map((size) => ({ size, spread: 0.5 })),
    { dim: 64, seed: 8 },
  );
  const v = blobs.vectors;

  it('leaves singletons and clusters below the minimum size unknown', () => {
    const r = clusterPeople(v, plain(v.length), { threshold: 0.9 });
    expect(r.assignments[30]).toBe(-1); // the lone face of identity 3
    expect(r.sizes).toEqual([10, 10, 10]);
    const strict = clusterPeople(v.slice(0, 13), plain(13), { threshold: 0.9, minClusterSize: 4 });
    expect(Array.from(strict.assignments.slice(10))).toEqual([-1, -1, -1]); // only 3 faces of identity 1
  });

  it('never puts two faces of one photo together', () => {
    // Faces 0 and 1 (same identity) are in one photo; 2 and 3 too.
    const faces: FaceMeta[] = v.map((_, i) => ({ photoId: i < 2 ? 'p1' : i < 4 ? 'p2' : `own-${i}` }));
    const r = clusterPeople(v, faces, { threshold: 0.9 });
    expect(r.assignments[0]).not.toBe(r.assignments[1]);
    expect(r.assignments[2]).not.toBe(r.assignments[3]);
    // Without the photo ids they do share a cluster.
    const free = clusterPeople(v, plain(v.length), { threshold: 0.9 });
    expect(free.assignments[0]).toBe(free.assignments[1]);
    // And the option turns the rule off.
    const off = clusterPeople(v, faces, { threshold: 0.9, cannotLinkSamePhoto: false });
    expect(off.assignments[0]).toBe(off.assignments[1]);
  });

  it('honours explicit cannot-links (rejected pairs)', () => {
    const r = clusterPeople(v, plain(v.length), { threshold: 0.9, cannotLink: [[12, 15]] });
    expect(r.assignments[12]).not.toBe(r.assignments[15]);
  });

  it('keeps must-link groups together even across identities', () => {
    const r = clusterPeople(v, plain(v.length), { threshold: 0.9, mustLink: [[0, 25]] });
    expect(r.assignments[0]).toBe(r.assignments[25]);
    expect(r.assignments[0]).toBeGreaterThanOrEqual(0);
  });

  it('excludes low-quality faces, and their constraints with them', () => {
    const faces: FaceMeta[] = v.map((_, i) => ({ lowQuality: i % 10 === 0, photoId: i === 0 ? 'x' : i === 1 ? 'x' : undefined }));
    const r = clusterPeople(v, faces, { threshold: 0.9, cannotLink: [[10, 11]], mustLink: [[20, 0]] });
    expect(r.assignments[0]).toBe(-1);
    expect(r.assignments[10]).toBe(-1);
    expect(r.assignments[20]).toBe(-1);
    expect(r.assignments[1]).toBe(r.assignments[2]); // face 0's photo no longer separates face 1
    expect(r.sizes).toEqual([9, 9, 9]);
  });

  it('validates its inputs', () => {
    expect(() => clusterPeople(v, plain(3), { threshold: 0.9 })).toThrow(RangeError);
    expect(() => clusterPeople(v, plain(v.length), { threshold: 0 })).toThrow(RangeError);
    expect(clusterPeople([], [], { threshold: 1 }).assignments).toHaveLength(0);
  });
});
