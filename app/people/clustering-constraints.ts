/**
 * Pairwise clustering constraints, compiled into "units": each must-link group (closed transitively) becomes one unit
 * that clustering moves as a whole, and cannot-link pairs become conflicts between units.
 */

/** Constraints on which faces may share a cluster. Indices refer to the vectors being clustered. */
export interface ClusterConstraints {
  /** Pairs that must never share a cluster: two faces of one photo, a pair the user rejected. */
  readonly cannotLink?: readonly (readonly [number, number])[];
  /** Groups that must share a cluster: faces the user confirmed as one person. Overlapping groups are joined. */
  readonly mustLink?: readonly (readonly number[])[];
}

/** Must-link units and the cannot-link conflicts between them. */
export interface ConstraintUnits {
  /** Unit of each item (0..units-1). */
  readonly unitOf: Int32Array;
  /** Members of each unit, ascending; units are numbered by their smallest member. */
  readonly members: readonly number[][];
  /** For each unit, the other units it may not share a cluster with (ascending, no duplicates). */
  readonly conflicts: readonly number[][];
}

/** Thrown when the constraints contradict each other (a cannot-link inside one must-link group). */
export class ContradictoryConstraintsError extends Error {
  constructor(
    readonly a: number,
    readonly b: number,
  ) {
    super(`cannot-link between ${a} and ${b}, which must-link constraints put in one group`);
    this.name = 'ContradictoryConstraintsError';
  }
}

function checkIndex(i: number, n: number, what: string): void {
  if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`${what}: index ${i} out of range [0, ${n})`);
}

/** Compile constraints over `n` items into units. Throws `ContradictoryConstraintsError` on a contradiction. */
export function buildConstraintUnits(n: number, constraints: ClusterConstraints = {}): ConstraintUnits {
  // Union–find with path halving; the root is kept as the smallest index so numbering is deterministic.
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (const group of constraints.mustLink ?? []) {
    for (const i of group) checkIndex(i, n, 'mustLink');
    for (let j = 1; j < group.length; j++) {
      const a = find(group[0]!);
      const b = find(group[j]!);
      if (a !== b) {
        if (a < b) parent[b] = a;
        else parent[a] = b;
      }
    }
  }

  const unitOf = new Int32Array(n);
  const members: number[][] = [];
  const unitOfRoot = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    let u = unitOfRoot.get(root);
    if (u === undefined) {
      u = members.length;
      unitOfRoot.set(root, u);
      members.push([]);
    }
    unitOf[i] = u;
    members[u]!.push(i);
  }

  const conflictSets: Set<number>[] = members.map(() => new Set<number>());
  for (const [a, b] of constraints.cannotLink ?? []) {
    checkIndex(a, n, 'cannotLink');
    checkIndex(b, n, 'cannotLink');
    const ua = unitOf[a]!;
    const ub = unitOf[b]!;
    if (ua === ub) throw new ContradictoryConstraintsError(a, b);
    conflictSets[ua]!.add(ub);
    conflictSets[ub]!.add(ua);
  }
  const conflicts = conflictSets.map((s) => [...s].sort((x, y) => x - y));
  return { unitOf, members, conflicts };
}

/** All pairs of items that share a key (e.g. faces of one photo); items with an undefined key take part in none. */
export function cannotLinkWithinGroups(keys: ArrayLike<string | number | undefined>): [number, number][] {
  const byKey = new Map<string | number, number[]>();
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key === undefined) continue;
    const list = byKey.get(key);
    if (list) list.push(i);
    else byKey.set(key, [i]);
  }
  const pairs: [number, number][] = [];
  for (const list of byKey.values()) {
    for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) pairs.push([list[x]!, list[y]!]);
  }
  return pairs;
}
