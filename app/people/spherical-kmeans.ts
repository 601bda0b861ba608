/**
 * Spherical (cosine) k-means with k-means++ seeding, bounded iterations, empty-cluster repair and constraints.
 *
 * Centroids are unit vectors (the normalised sum of their members) and each item goes to the centroid of highest
 * cosine, which for unit inputs is the nearest in L2. Constraints follow COP-k-means:
 * - a must-link group moves as one unit; its score for a centroid is the sum of its members' cosines, so it lands
 *   where its members would on average, and confirmed groups can seed centroids (`seedFromMustLink`);
 * - cannot-link pairs are honoured greedily each assignment pass — the units with the most confident best match go
 *   first, and a unit whose every cluster holds a conflicting unit is left unassigned (-1) rather than violating.
 * Everything random comes from a seeded PRNG, so a seed gives the same result every run.
 *
 * Cost: O(restarts · iterations · units · k · dim). At k ≈ n/4 that is quadratic in n; fine for a few thousand faces.
 */
import { buildConstraintUnits, type ClusterConstraints } from './clustering-constraints.js';
import { mulberry32, randomWeightedIndex } from '../shared/seeded-random.js';
import { addScaled, dot, normalise } from '../shared/vector-math.js';

/** Options of `sphericalKMeans`. */
export interface SphericalKMeansOptions extends ClusterConstraints {
  /** Number of clusters; clamped to the number of units (must-link groups count as one). */
  readonly k: number;
  /** PRNG seed; the same seed gives the same result. Default 1. */
  readonly seed?: number;
  /** Upper bound on assignment/update rounds. Default 50. */
  readonly maxIterations?: number;
  /** Use the largest must-link groups (2+ members) as the first centroids before k-means++. Default true. */
  readonly seedFromMustLink?: boolean;
  /**
   * Independent k-means++ runs; the one with the highest objective is kept. Default 1. k-means++ still lands in a
   * local optimum (two seeds in one identity, two identities sharing a centroid) in a fair share of runs when k is
   * close to the true number of groups; a few restarts fix most of that at proportional cost.
   */
  readonly restarts?: number;
}

/** Result of `sphericalKMeans`. */
export interface SphericalKMeansResult {
  /** Cluster of each input vector, or -1 where cannot-links left no feasible cluster. */
  readonly assignments: Int32Array;
  /** Unit centroids, one per cluster (length = effective k). */
  readonly centroids: Float32Array[];
  /** Members per cluster. */
  readonly sizes: Int32Array;
  /** Rounds run. */
  readonly iterations: number;
  /** True when the last round changed no assignment (false when stopped by `maxIterations`). */
  readonly converged: boolean;
  /** Σ cos(x, centroid of x) over assigned vectors; higher is better. */
  readonly objective: number;
}

/** Cluster unit vectors into k groups by cosine. See the file comment for the constraint semantics. */
export function sphericalKMeans(vectors: readonly Float32Array[], options: SphericalKMeansOptions): SphericalKMeansResult {
  const n = vectors.length;
  if (!Number.isInteger(options.k) || options.k < 1) throw new RangeError(`k must be a positive integer, got ${options.k}`);
  const maxIterations = options.maxIterations ?? 50;
  if (!(maxIterations >= 1)) throw new RangeError(`maxIterations must be ≥ 1, got ${maxIterations}`);
  if (n === 0) {
    return { assignments: new Int32Array(0), centroids: [], sizes: new Int32Array(0), iterations: 0, converged: true, objective: 0 };
  }
  const dim = vectors[0]!.length;
  for (const v of vectors) if (v.length !== dim) throw new RangeError(`all vectors must have length ${dim}`);

  const { unitOf, members, conflicts } = buildConstraintUnits(n, options);
  const m = members.length;
  const k = Math.min(options.k, m);
  // A unit is represented by the sum of its members: Σ cos(member, c) = dot(sum, c) for unit c.
  const sums = members.map((list) => {
    const s = new Float32Array(dim);
    for (const i of list) addScaled(s, vectors[i]!);
    return s;
  });
  const weights = members.map((list) => list.length);
  const directions = sums.map((s) => normalise(s));

  const restarts = options.restarts ?? 1;
  if (!Number.isInteger(restarts) || restarts < 1) throw new RangeError(`restarts must be a positive integer, got ${restarts}`);
  const seed = options.seed ?? 1;
  let best: SphericalKMeansResult | undefined;
  for (let r = 0; r < restarts; r++) {
    // Restart r uses a seed derived from the caller's, so restart 0 equals a single run with that seed.
    const runSeed = (seed + Math.imul(r, 0x9e3779b9)) >>> 0;
    const centroids = seedCentroids(directions, weights, members, k, runSeed, options.seedFromMustLink ?? true);
    const run = lloyd(vectors, unitOf, sums, directions, weights, conflicts, centroids, maxIterations);
    if (!best || run.objective > best.objective) best = run;
  }
  return best!;
}

/** Assignment/update rounds from the given centroids (mutated in place) until nothing moves or the bound is hit. */
function lloyd(
  vectors: readonly Float32Array[],
  unitOf: Int32Array,
  sums: Float32Array[],
  directions: Float32Array[],
  weights: number[],
  conflicts: readonly number[][],
  centroids: Float32Array[],
  maxIterations: number,
): SphericalKMeansResult {
  const n = vectors.length;
  const m = sums.length;
  const k = centroids.length;
  const dim = centroids[0]!.length;
  const unitCluster = new Int32Array(m).fill(-1);
  const ownScore = new Float64Array(m); // dot(sum, own centroid), for empty-cluster repair
  const bestScore = new Float64Array(m);
  const bestCluster = new Int32Array(m);
  const constrained: number[] = [];
  for (let u = 0; u < m; u++) if (conflicts[u]!.length > 0) constrained.push(u);
  const unitSizes = new Int32Array(k);

  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    let changed = false;
    const setCluster = (u: number, c: number, score: number): void => {
      if (unitCluster[u] !== c) changed = true;
      unitCluster[u] = c;
      ownScore[u] = score;
    };

    // Best centroid of every unit; unconstrained units are assigned straight away.
    for (let u = 0; u < m; u++) {
      let best = 0;
      let bestS = -Infinity;
      const s = sums[u]!;
      for (let c = 0; c < k; c++) {
        const score = dot(s, centroids[c]!);
        if (score > bestS) {
          bestS = score;
          best = c;
        }
      }
      bestCluster[u] = best;
      bestScore[u] = bestS;
      if (conflicts[u]!.length === 0) setCluster(u, best, bestS);
    }

    // Constrained units, most confident first (per-member score so big groups do not always win).
    const pass = new Int32Array(m).fill(-1);
    constrained.sort((a, b) => bestScore[b]! / weights[b]! - bestScore[a]! / weights[a]! || a - b);
    for (const u of constrained) {
      const blocked = (c: number): boolean => conflicts[u]!.some((v) => pass[v] === c);
      let chosen = bestCluster[u]!;
      let chosenScore = bestScore[u]!;
      if (blocked(chosen)) {
        chosen = -1;
        chosenScore = -Infinity;
        for (let c = 0; c < k; c++) {
          if (blocked(c)) continue;
          const score = dot(sums[u]!, centroids[c]!);
          if (score > chosenScore) {
            chosenScore = score;
            chosen = c;
          }
        }
      }
      pass[u] = chosen;
      setCluster(u, chosen, chosen < 0 ? -Infinity : chosenScore);
    }

    repairEmptyClusters(unitCluster, ownScore, weights, unitSizes, k, (u, c) => setCluster(u, c, dot(sums[u]!, directions[u]!)));

    // Update: centroid = normalised sum of its units' sums. Clusters still empty keep their centroid.
    const acc = Array.from({ length: k }, () => new Float64Array(dim));
    for (let u = 0; u < m; u++) {
      const c = unitCluster[u]!;
      if (c >= 0) addScaled(acc[c]!, sums[u]!);
    }
    for (let c = 0; c < k; c++) {
      if (unitSizes[c]! === 0) continue;
      const a = acc[c]!;
      let s = 0;
      for (let i = 0; i < dim; i++) s += a[i]! * a[i]!;
      if (s === 0) continue; // members cancel out exactly: keep the old direction
      const inv = 1 / Math.sqrt(s);
      const cen = centroids[c]!;
      for (let i = 0; i < dim; i++) cen[i] = a[i]! * inv;
    }
    if (!changed && iterations > 1) {
      converged = true;
      break;
    }
  }

  const assignments = new Int32Array(n);
  const sizes = new Int32Array(k);
  let objective = 0;
  for (let i = 0; i < n; i++) {
    const c = unitCluster[unitOf[i]!]!;
    assignments[i] = c;
    if (c >= 0) {
      sizes[c]!++;
      objective += dot(vectors[i]!, centroids[c]!);
    }
  }
  return { assignments, centroids, sizes, iterations, converged, objective };
}

/** k-means++ over unit directions, weighted by unit size; optionally the biggest must-link groups go first. */
function seedCentroids(
  directions: Float32Array[],
  weights: number[],
  members: readonly number[][],
  k: number,
  seed: number,
  seedFromMustLink: boolean,
): Float32Array[] {
  const m = directions.length;
  const random = mulberry32(seed);
  const chosen: number[] = [];
  if (seedFromMustLink) {
    const groups = [...members.keys()].filter((u) => weights[u]! > 1);
    groups.sort((a, b) => weights[b]! - weights[a]! || members[a]![0]! - members[b]![0]!);
    chosen.push(...groups.slice(0, k));
  }
  // D²(u) = squared L2 from u's direction to its nearest chosen centroid (2 − 2·cos for unit vectors).
  const d2 = new Float64Array(m).fill(Infinity);
  const isChosen = new Uint8Array(m);
  const update = (c: number): void => {
    isChosen[c] = 1;
    for (let u = 0; u < m; u++) {
      const d = Math.max(0, 2 - 2 * dot(directions[u]!, directions[c]!));
      if (d < d2[u]!) d2[u] = d;
    }
  };
  for (const c of chosen) update(c);
  const drawWeights = new Float64Array(m);
  while (chosen.length < k) {
    for (let u = 0; u < m; u++) {
      drawWeights[u] = isChosen[u] ? 0 : chosen.length === 0 ? weights[u]! : weights[u]! * d2[u]!;
    }
    let c = randomWeightedIndex(random, drawWeights);
    // All remaining units coincide with chosen centroids: take them in index order (duplicates stay empty-ish).
    if (c < 0) c = isChosen.indexOf(0);
    chosen.push(c);
    update(c);
  }
  return chosen.map((u) => Float32Array.from(directions[u]!));
}

/**
 * Give every empty cluster a unit: first units that cannot-links left unassigned, then the worst-fitting unit
 * of a cluster that has more than one. Moving into an empty cluster never breaks a cannot-link.
 */
function repairEmptyClusters(
  unitCluster: Int32Array,
  ownScore: Float64Array,
  weights: number[],
  unitSizes: Int32Array,
  k: number,
  move: (u: number, c: number) => void,
): void {
  unitSizes.fill(0);
  for (const c of unitCluster) if (c >= 0) unitSizes[c]!++;
  for (let c = 0; c < k; c++) {
    if (unitSizes[c]! > 0) continue;
    let pick = unitCluster.indexOf(-1);
    if (pick < 0) {
      let worst = Infinity;
      for (let u = 0; u < unitCluster.length; u++) {
        const own = unitCluster[u]!;
        const perMember = ownScore[u]! / weights[u]!;
        if (unitSizes[own]! > 1 && perMember < worst) {
          worst = perMember;
          pick = u;
        }
      }
    }
    if (pick < 0) continue; // cannot happen while k ≤ units, kept for safety
    const from = unitCluster[pick]!;
    if (from >= 0) unitSizes[from]!--;
    move(pick, c);
    unitSizes[c]!++;
  }
}
