/**
 * Kindred's clustering of unassigned faces into would-be people, with k chosen by the verification threshold.
 *
 * 1. Low-quality faces are left out (assignment -1); faces of one photo cannot-link each other.
 * 2. Must-link groups become units (see clustering-constraints). When there are more than `oversegmentAbove` units,
 *    spherical k-means first over-segments them into k = ⌈units / unitsPerSegment⌉ small tight groups, which bounds
 *    the k×k memory and time of step 3; below that, step 3 starts from the units themselves (exact, and on the
 *    synthetic tests slightly better: k-means cannot put a stray face in the wrong segment if there is no k-means).
 * 3. Average linkage merges groups while the mean squared pair distance across them is at most threshold² — the
 *    verification threshold applied to the average pair, never across a cannot-link (see average-linkage).
 * 4. Clusters smaller than `minClusterSize` are dissolved: their faces stay "unknown" (-1) for the next run.
 */
import { averageLinkageMerge, type LinkageGroup } from './average-linkage.js';
import { buildConstraintUnits, cannotLinkWithinGroups, type ClusterConstraints } from './clustering-constraints.js';
import { sphericalKMeans } from './spherical-kmeans.js';
import { addScaled, normalise } from '../shared/vector-math.js';

/** What clustering needs to know about a face besides its embedding. */
export interface FaceMeta {
  /** Faces with the same photoId are never put in one cluster. */
  readonly photoId?: string | number;
  /** Low-quality faces (blurred, tiny, profile) are excluded from clustering. */
  readonly lowQuality?: boolean;
}

/** Options of `clusterPeople`. Constraint indices refer to the input faces. */
export interface PeopleClusteringOptions extends ClusterConstraints {
  /** Verification threshold (L2 distance between unit embeddings) of the embedding model. */
  readonly threshold: number;
  /** Smallest cluster kept; smaller ones become unknown. Default 2 (singletons stay unknown). */
  readonly minClusterSize?: number;
  /** Above this many units, over-segment with spherical k-means before merging. Default 2000. */
  readonly oversegmentAbove?: number;
  /** Average units per k-means segment when over-segmenting. Default 4. */
  readonly unitsPerSegment?: number;
  /** Seed of the k-means step. Default 1. */
  readonly seed?: number;
  /** Add cannot-links between faces of one photo. Default true. */
  readonly cannotLinkSamePhoto?: boolean;
}

/** Result of `clusterPeople`. Clusters are numbered by decreasing size (ties: smallest face index first). */
export interface PeopleClusteringResult {
  /** Cluster of each face, or -1 (unknown: excluded, alone, or in a cluster below the minimum size). */
  readonly assignments: Int32Array;
  /** Unit mean direction of each cluster. */
  readonly centroids: Float32Array[];
  /** Sum of member embeddings of each cluster (what `assignIncrementally` needs). */
  readonly sums: Float32Array[];
  /** Members per cluster. */
  readonly sizes: number[];
  /** Number of k-means segments used (0 when clustering started from the units directly). */
  readonly segments: number;
}

/** Cluster faces into people. Deterministic for a given seed. */
export function clusterPeople(
  vectors: readonly Float32Array[],
  faces: readonly FaceMeta[],
  options: PeopleClusteringOptions,
): PeopleClusteringResult {
  const n = vectors.length;
  if (faces.length !== n) throw new RangeError(`faces has ${faces.length} entries for ${n} vectors`);
  if (!(options.threshold > 0)) throw new RangeError(`threshold must be > 0, got ${options.threshold}`);
  const minClusterSize = options.minClusterSize ?? 2;
  const dim = vectors[0]?.length ?? 0;

  // Included faces, renumbered 0..; constraints are mapped and those touching excluded faces dropped.
  const included: number[] = [];
  const local = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (faces[i]!.lowQuality) continue;
    local[i] = included.length;
    included.push(i);
  }
  const cannotLink: [number, number][] = [];
  for (const [a, b] of options.cannotLink ?? []) {
    if (local[a]! >= 0 && local[b]! >= 0) cannotLink.push([local[a]!, local[b]!]);
  }
  if (options.cannotLinkSamePhoto ?? true) {
    cannotLink.push(...cannotLinkWithinGroups(included.map((i) => faces[i]!.photoId)));
  }
  const mustLink = (options.mustLink ?? []).map((g) => g.map((i) => local[i]!).filter((i) => i >= 0));
  const vecs = included.map((i) => vectors[i]!);
  const { unitOf, members, conflicts } = buildConstraintUnits(vecs.length, { cannotLink, mustLink });

  // Starting groups: the units, or k-means segments of them (a unit k-means could not place stays on its own).
  let startOfUnit = Int32Array.from(members, (_, u) => u);
  let segments = 0;
  if (members.length > (options.oversegmentAbove ?? 2000)) {
    const k = Math.ceil(members.length / (options.unitsPerSegment ?? 4));
    // Over-segmentation needs small tight segments, not a converged optimum: 20 rounds are plenty.
    const km = sphericalKMeans(vecs, { k, cannotLink, mustLink, seed: options.seed ?? 1, maxIterations: 20 });
    segments = km.centroids.length;
    let extra = segments;
    startOfUnit = Int32Array.from(members, (list) => km.assignments[list[0]!]! >= 0 ? km.assignments[list[0]!]! : extra++);
  }
  const startCount = members.length === 0 ? 0 : Math.max(...startOfUnit) + 1;
  const groups: { sum: Float32Array; count: number }[] = Array.from({ length: startCount }, () => ({
    sum: new Float32Array(dim),
    count: 0,
  }));
  for (let f = 0; f < vecs.length; f++) {
    const g = groups[startOfUnit[unitOf[f]!]!]!;
    addScaled(g.sum, vecs[f]!);
    g.count++;
  }
  const groupConflicts: Set<number>[] = groups.map(() => new Set<number>());
  for (let u = 0; u < members.length; u++) {
    for (const v of conflicts[u]!) groupConflicts[startOfUnit[u]!]!.add(startOfUnit[v]!);
  }
  const merged = averageLinkageMerge(
    groups satisfies LinkageGroup[],
    groupConflicts.map((s) => [...s]),
    options.threshold,
  );

  // Final clusters: drop small ones, number the rest by size.
  const clusterOfFace = (f: number): number => merged[startOfUnit[unitOf[f]!]!]!;
  const memberLists = new Map<number, number[]>();
  for (let f = 0; f < vecs.length; f++) {
    const c = clusterOfFace(f);
    const list = memberLists.get(c);
    if (list) list.push(included[f]!);
    else memberLists.set(c, [included[f]!]);
  }
  const kept = [...memberLists.values()].filter((list) => list.length >= minClusterSize);
  kept.sort((a, b) => b.length - a.length || a[0]! - b[0]!);

  const assignments = new Int32Array(n).fill(-1);
  const sums: Float32Array[] = [];
  const centroids: Float32Array[] = [];
  kept.forEach((list, c) => {
    const sum = new Float32Array(dim);
    for (const i of list) {
      assignments[i] = c;
      addScaled(sum, vectors[i]!);
    }
    sums.push(sum);
    centroids.push(normalise(sum));
  });
  return { assignments, centroids, sums, sizes: kept.map((l) => l.length), segments };
}
