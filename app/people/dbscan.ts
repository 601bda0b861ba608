/**
 * DBSCAN (Ester et al. 1996) on L2 distance: the baseline that people grouping (group-faces) is measured against.
 *
 * Conventions (same as scikit-learn): a point is core when at least `minPts` points, itself included, lie within
 * distance ≤ eps; border points join the first cluster (in index order) that reaches them; the rest is noise (-1).
 * Neighbourhoods are found by brute force, O(n² · dim) time and O(n) extra memory — fine for evaluation sizes.
 */
import { squaredL2 } from '../shared/vector-math.js';

/** Options of `dbscan`. */
export interface DbscanOptions {
  /** Neighbourhood radius in L2 distance. */
  readonly eps: number;
  /** Minimum neighbourhood size (the point itself included) for a core point. */
  readonly minPts: number;
}

/** Result of `dbscan`. */
export interface DbscanResult {
  /** Cluster of each point (0..clusterCount-1, numbered in order of discovery), or -1 for noise. */
  readonly labels: Int32Array;
  readonly clusterCount: number;
}

/** Density-based clustering of `vectors`; deterministic (points are visited in index order). */
export function dbscan(vectors: readonly Float32Array[], options: DbscanOptions): DbscanResult {
  const { eps, minPts } = options;
  if (!(eps >= 0)) throw new RangeError(`eps must be ≥ 0, got ${eps}`);
  if (!Number.isInteger(minPts) || minPts < 1) throw new RangeError(`minPts must be a positive integer, got ${minPts}`);
  const n = vectors.length;
  const eps2 = eps * eps;
  const UNVISITED = -2;
  const labels = new Int32Array(n).fill(UNVISITED);

  const neighbours = (p: number, out: number[]): number[] => {
    out.length = 0;
    const v = vectors[p]!;
    for (let q = 0; q < n; q++) if (squaredL2(v, vectors[q]!) <= eps2) out.push(q);
    return out;
  };

  let clusterCount = 0;
  const seedBuf: number[] = [];
  const nbBuf: number[] = [];
  const queue: number[] = [];
  for (let p = 0; p < n; p++) {
    if (labels[p] !== UNVISITED) continue;
    const seeds = neighbours(p, seedBuf);
    if (seeds.length < minPts) {
      labels[p] = -1; // noise for now; a later cluster may claim it as a border point
      continue;
    }
    const c = clusterCount++;
    labels[p] = c;
    queue.length = 0;
    for (const q of seeds) if (q !== p) queue.push(q);
    for (let head = 0; head < queue.length; head++) {
      const q = queue[head]!;
      if (labels[q] === -1) labels[q] = c; // border point previously marked noise
      if (labels[q] !== UNVISITED) continue;
      labels[q] = c;
      const nb = neighbours(q, nbBuf);
      if (nb.length >= minPts) for (const r of nb) if (labels[r] === UNVISITED || labels[r] === -1) queue.push(r);
    }
  }
  return { labels, clusterCount };
}
