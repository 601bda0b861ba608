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
    let a = top.a;
    let b = top.b;
    if (parent[a] !== a || parent[b] !== b || version[a] !== top.va || version[b] !== top.vb) continue;
    if (!mergeable(a, b)) continue;
    // Merge b into a, a being the one with more neighbours (fewer to move).
    if (neighbours[b]!.size > neighbours[a]!.size) [a, b] = [b, a];
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

/** A binary min-heap of candidate merges (linkage, the two groups and their versions when it was computed), in typed arrays. */
class LinkageHeap {
  private d = new Float64Array(1024);
  private a = new Int32Array(1024);
  private b = new Int32Array(1024);
  private va = new Uint32Array(1024);
  private vb = new Uint32Array(1024);
  size = 0;
  private readonly out = { d: 0, a: 0, b: 0, va: 0, vb: 0 };

  push(d: number, a: number, b: number, va: number, vb: number): void {
    if (this.size === this.d.length) this.grow();
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.d[p]! <= d) break;
      this.move(p, i);
      i = p;
    }
    this.set(i, d, a, b, va, vb);
  }

  /** The smallest entry (valid until the next pop). */
  pop(): { d: number; a: number; b: number; va: number; vb: number } {
    const out = this.out;
    out.d = this.d[0]!;
    out.a = this.a[0]!;
    out.b = this.b[0]!;
    out.va = this.va[0]!;
    out.vb = this.vb[0]!;
    const last = --this.size;
    if (last > 0) {
      const d = this.d[last]!;
      const [a, b, va, vb] = [this.a[last]!, this.b[last]!, this.va[last]!, this.vb[last]!];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= last) break;
        const r = l + 1;
        const c = r < last && this.d[r]! < this.d[l]! ? r : l;
        if (this.d[c]! >= d) break;
        this.move(c, i);
        i = c;
      }
      this.set(i, d, a, b, va, vb);
    }
    return out;
  }

  private set(i: number, d: number, a: number, b: number, va: number, vb: number): void {
    this.d[i] = d;
    this.a[i] = a;
    this.b[i] = b;
    this.va[i] = va;
    this.vb[i] = vb;
  }

  private move(from: number, to: number): void {
    this.d[to] = this.d[from]!;
    this.a[to] = this.a[from]!;
    this.b[to] = this.b[from]!;
    this.va[to] = this.va[from]!;
    this.vb[to] = this.vb[from]!;
  }

  private grow(): void {
    const n = this.d.length * 2;
    const grow = <T extends Float64Array | Int32Array | Uint32Array>(x: T, make: (n: number) => T): T => {
      const y = make(n);
      y.set(x);
      return y;
    };
    this.d = grow(this.d, (k) => new Float64Array(k));
    this.a = grow(this.a, (k) => new Int32Array(k));
    this.b = grow(this.b, (k) => new Int32Array(k));
    this.va = grow(this.va, (k) => new Uint32Array(k));
    this.vb = grow(this.vb, (k) => new Uint32Array(k));
  }
}
