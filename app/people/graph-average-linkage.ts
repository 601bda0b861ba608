/**
 * Average linkage on a sparse neighbour graph: the same linkage as `averageLinkageMerge` (mean squared L2 distance over
 * all member pairs across two groups, exact from the member sums: 2 − 2·dot(S_a, S_b)/(n_a·n_b)), but only groups
 * joined by an edge of a k-nearest-neighbour graph are ever compared, so memory and time grow with n·k instead of n².
 * Two groups that are not neighbours have, in practice, a linkage far above any cut (their faces are not among each
 * other's k nearest), so the result matches exact average linkage except where a cluster is larger than k and only
 * reachable through members that are not anyone's neighbours — which the edges of the merged groups cover.
 *
 * Merging is greedy by smallest linkage (a heap with lazy invalidation); average linkage is reducible, so that order
 * gives the same clusters as the nearest-neighbour chain. Groups merge while their linkage is ≤ maxDistance²; groups in
 * conflict (a cannot-link, or two fixed groups) are never merged.
 */
import { addScaled, dot } from '../shared/vector-math.js';

/** A starting group: the sum of its unit member vectors and their number. */
export interface GraphLinkageUnit {
  readonly sum: Float32Array;
  readonly count: number;
  /** A fixed group (an existing people group): it may absorb others but never merges with another fixed group. */
  readonly fixed?: boolean;
}

export interface GraphLinkageOptions {
  /** Merge while the RMS distance across two groups is at most this. */
  readonly maxDistance: number;
  /** Pairs of units that may never end up in one cluster. */
  readonly conflicts?: readonly (readonly [number, number])[];
}

/** Final cluster of each unit, numbered 0.. by smallest unit index. */
export function graphAverageLinkage(
  units: readonly GraphLinkageUnit[],
  edges: readonly (readonly [number, number])[],
  options: GraphLinkageOptions,
): Int32Array {
  return clustersAtCut(units.length, graphAverageLinkageMerges(units, edges, options), options.maxDistance);
}

/** One merge of the agglomeration: unit `b`'s cluster into unit `a`'s, at linkage `distance` (RMS). */
export interface LinkageMerge {
  readonly a: number;
  readonly b: number;
  readonly distance: number;
}

/**
 * The merges up to `maxDistance`, in the order made. Greedy merging does not depend on where it stops, so the clusters
 * at any smaller cut are the prefix of these merges at or under it (`clustersAtCut`): one run serves every cut.
 */
export function graphAverageLinkageMerges(
  units: readonly GraphLinkageUnit[],
  edges: readonly (readonly [number, number])[],
  options: GraphLinkageOptions,
): LinkageMerge[] {
  const merges: LinkageMerge[] = [];
  const m = units.length;
  const limit = options.maxDistance * options.maxDistance;
  const sums = units.map((u) => Float32Array.from(u.sum));
  const count = Float64Array.from(units, (u) => u.count);
  const fixed = Uint8Array.from(units, (u) => (u.fixed ? 1 : 0));
  const version = new Uint32Array(m);
  const parent = Int32Array.from({ length: m }, (_, i) => i);
  const neighbours: Set<number>[] = Array.from({ length: m }, () => new Set<number>());
  const conflicts: Set<number>[] = Array.from({ length: m }, () => new Set<number>());
  for (const [a, b] of edges) {
    if (a === b) continue;
    neighbours[a]!.add(b);
    neighbours[b]!.add(a);
  }
  for (const [a, b] of options.conflicts ?? []) {
    if (a === b) continue;
    conflicts[a]!.add(b);
    conflicts[b]!.add(a);
  }
  const linkage = (a: number, b: number): number => 2 - (2 * dot(sums[a]!, sums[b]!)) / (count[a]! * count[b]!);
  const mergeable = (a: number, b: number): boolean => !conflicts[a]!.has(b) && !(fixed[a] && fixed[b]);

  const heap = new LinkageHeap();
  for (let a = 0; a < m; a++) {
    for (const b of neighbours[a]!) {
      if (b <= a || !mergeable(a, b)) continue;
      const d = linkage(a, b);
      if (d <= limit) heap.push(d, a, b, version[a]!, version[b]!);
    }
  }
  while (heap.size > 0) {
    const top = heap.pop();
    const { a, b } = top;
    if (parent[a] !== a || parent[b] !== b || version[a] !== top.va || version[b] !== top.vb) continue;
    if (!mergeable(a, b)) continue;
    // Merge b into a.
    merges.push({ a, b, distance: Math.sqrt(Math.max(0, top.d)) });
    parent[b] = a;
    addScaled(sums[a]!, sums[b]!);
    count[a] = count[a]! + count[b]!;
    fixed[a] = fixed[a]! | fixed[b]!;
    version[a]!++;
    for (const c of conflicts[b]!) {
      conflicts[c]!.delete(b);
      conflicts[c]!.add(a);
      conflicts[a]!.add(c);
    }
    for (const c of neighbours[b]!) {
      neighbours[c]!.delete(b);
      if (c !== a) {
        neighbours[c]!.add(a);
        neighbours[a]!.add(c);
      }
    }
    neighbours[a]!.delete(b);
    neighbours[b]!.clear();
    conflicts[b]!.clear();
    for (const c of neighbours[a]!) {
      if (!mergeable(a, c)) continue;
      const d = linkage(a, c);
      if (d <= limit) heap.push(d, a, c, version[a]!, version[c]!);
    }
  }

  return merges;
}

/** Clusters after the merges at or under `cut` (a prefix: merge distances only grow), numbered by smallest unit. */
export function clustersAtCut(unitCount: number, merges: readonly LinkageMerge[], cut: number): Int32Array {
  const parent = Int32Array.from({ length: unitCount }, (_, i) => i);
  for (const m of merges) {
    if (m.distance > cut) break;
    parent[m.b] = m.a;
  }
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i]!;
    return i;
  };
  const label = new Int32Array(unitCount);
  const numberOf = new Map<number, number>();
  for (let u = 0; u < unitCount; u++) {
    const r = root(u);
    let id = numberOf.get(r);
    if (id === undefined) numberOf.set(r, (id = numberOf.size));
    label[u] = id;
  }
  return label;
}

/** A binary min-heap of candidate merges (linkage, the two groups and their versions when it was computed). */
class LinkageHeap {
  private readonly items: { d: number; a: number; b: number; va: number; vb: number }[] = [];

  get size(): number {
    return this.items.length;
  }

  push(d: number, a: number, b: number, va: number, vb: number): void {
    const items = this.items;
    items.push({ d, a, b, va, vb });
    let i = items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (items[p]!.d <= items[i]!.d) break;
      [items[p], items[i]] = [items[i]!, items[p]!];
      i = p;
    }
  }

  pop(): { d: number; a: number; b: number; va: number; vb: number } {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let s = i;
        if (l < items.length && items[l]!.d < items[s]!.d) s = l;
        if (r < items.length && items[r]!.d < items[s]!.d) s = r;
        if (s === i) break;
        [items[s], items[i]] = [items[i]!, items[s]!];
        i = s;
      }
    }
    return top;
  }
}
