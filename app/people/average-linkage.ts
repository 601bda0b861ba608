/**
 * Threshold-stopped average-linkage agglomeration of groups of unit vectors, with cannot-link conflicts.
 *
 * Linkage = mean squared L2 distance over all member pairs across two groups. For unit vectors that mean is exact from
 * the member sums: mean d² = 2 − 2·dot(S_a, S_b)/(n_a·n_b), and the sums of a merged group add, so one k×k matrix of
 * dot products (updated by row addition on each merge) gives exact average linkage without revisiting members.
 * Two groups are merged while their linkage is at most `maxDistance²` (d ≤ threshold, as in FaceNet): the
 * verification threshold applied to the average pair, the quantity that threshold was calibrated on. Groups in
 * conflict are never merged.
 *
 * Uses the nearest-neighbour-chain algorithm (average linkage is reducible, and a conflict only ever raises a linkage
 * to +∞, which keeps it reducible), so the result equals greedy closest-pair merging in O(k²) time and memory.
 */

/** A group to agglomerate: the sum of its (unit) member vectors and how many there are. */
export interface LinkageGroup {
  readonly sum: Float32Array | Float64Array;
  readonly count: number;
}

/**
 * Merge groups whose average linkage (as an RMS pair distance) is at most `maxDistance`.
 * `conflicts[g]` lists the groups that g may never be merged with (symmetric).
 * Returns the final cluster of each input group, numbered 0.. by smallest input group index.
 */
export function averageLinkageMerge(
  groups: readonly LinkageGroup[],
  conflicts: readonly (readonly number[])[],
  maxDistance: number,
): Int32Array {
  const m = groups.length;
  const limit = maxDistance * maxDistance;
  const gram = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    const sa = groups[a]!.sum;
    for (let b = a + 1; b < m; b++) {
      const sb = groups[b]!.sum;
      let s = 0;
      for (let i = 0; i < sa.length; i++) s += sa[i]! * sb[i]!;
      gram[a * m + b] = s;
      gram[b * m + a] = s;
    }
  }
  const blocked = new Uint8Array(m * m);
  for (let a = 0; a < m; a++) for (const b of conflicts[a] ?? []) blocked[a * m + b] = blocked[b * m + a] = 1;
  const count = Float64Array.from(groups, (g) => g.count);
  const active = new Uint8Array(m).fill(1); // not merged away and not retired
  const parent = Int32Array.from({ length: m }, (_, i) => i);

  const linkage = (a: number, b: number): number =>
    blocked[a * m + b] ? Infinity : 2 - (2 * gram[a * m + b]!) / (count[a]! * count[b]!);

  const chain: number[] = [];
  let next = 0; // smallest index that may still be active
  for (;;) {
    if (chain.length === 0) {
      while (next < m && !active[next]) next++;
      if (next >= m) break;
      chain.push(next);
    }
    const a = chain[chain.length - 1]!;
    const prev = chain.length > 1 ? chain[chain.length - 2]! : -1;
    // Nearest active neighbour; on a tie the previous chain element wins, which guarantees termination.
    let best = prev;
    let bestD = prev >= 0 ? linkage(a, prev) : Infinity;
    for (let b = 0; b < m; b++) {
      if (b === a || !active[b]) continue;
      const d = linkage(a, b);
      if (d < bestD) {
        bestD = d;
        best = b;
      }
    }
    if (best < 0 || !(bestD <= limit)) {
      // Nothing within the threshold now, and by reducibility never later: retire a.
      active[a] = 0;
      chain.pop();
      continue;
    }
    if (best !== prev) {
      chain.push(best);
      continue;
    }
    // a and prev are reciprocal nearest neighbours: merge prev into a's slot (keep the smaller index as the slot).
    chain.length -= 2;
    const keep = Math.min(a, prev);
    const drop = Math.max(a, prev);
    parent[drop] = keep;
    active[drop] = 0;
    count[keep] = count[keep]! + count[drop]!;
    for (let c = 0; c < m; c++) {
      const g = gram[keep * m + c]! + gram[drop * m + c]!;
      gram[keep * m + c] = g;
      gram[c * m + keep] = g;
      if (blocked[drop * m + c]) blocked[keep * m + c] = blocked[c * m + keep] = 1;
    }
  }

  // Resolve merge trees and number final clusters by their smallest input group.
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i]!;
    return i;
  };
  const label = new Int32Array(m);
  const numberOf = new Map<number, number>();
  for (let g = 0; g < m; g++) {
    const r = root(g);
    let id = numberOf.get(r);
    if (id === undefined) numberOf.set(r, (id = numberOf.size));
    label[g] = id;
  }
  return label;
}
