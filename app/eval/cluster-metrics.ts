/**
 * External clustering metrics: pairwise precision/recall/F1, BCubed precision/recall/F1 (Amigó et al. 2009), NMI,
 * and cluster counts — all computed from the contingency table, O(n) after grouping.
 *
 * Unclustered faces: a predicted label of -1 means "unknown", and each such face counts as its own singleton
 * cluster. That is what the user sees (an unknown face is grouped with nobody), it makes leaving a face out cost
 * recall but never precision, and it stops "-1" from acting as one giant cluster. Ground-truth labels are taken as
 * given (no label is special there).
 */

/** Precision, recall and their harmonic mean. */
export interface PrecisionRecall {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/** All clustering metrics of one predicted partition against the truth. */
export interface ClusterEvaluation {
  readonly pairwise: PrecisionRecall;
  readonly bcubed: PrecisionRecall;
  /** NMI with arithmetic-mean normalisation (scikit-learn's default). */
  readonly nmi: number;
  /** Predicted clusters with at least one member, not counting unclustered faces. */
  readonly clusterCount: number;
  /** Faces labelled -1. */
  readonly unclusteredCount: number;
  /** Distinct ground-truth labels. */
  readonly truthClusterCount: number;
}

type Label = string | number;

/** Contingency table of two labelings; -1 in `predicted` becomes a fresh singleton per item. */
interface Contingency {
  readonly n: number;
  /** Non-zero cells n_ij as parallel arrays: count, predicted-cluster row, true-class column. */
  readonly cells: number[];
  readonly cellRow: number[];
  readonly cellCol: number[];
  readonly rowSums: number[]; // predicted cluster sizes
  readonly colSums: number[]; // true class sizes
}

function contingency(predicted: ArrayLike<number>, truth: ArrayLike<Label>): Contingency {
  const n = predicted.length;
  if (truth.length !== n) throw new RangeError(`predicted has ${n} labels, truth has ${truth.length}`);
  const rowOf = new Map<number, number>();
  const colOf = new Map<Label, number>();
  const cellOf = new Map<string, number>();
  const rowSums: number[] = [];
  const colSums: number[] = [];
  const cells: number[] = [];
  const cellRow: number[] = [];
  const cellCol: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = predicted[i]!;
    let r: number;
    if (p === -1) r = rowSums.push(0) - 1;
    else {
      const known = rowOf.get(p);
      r = known ?? rowSums.push(0) - 1;
      if (known === undefined) rowOf.set(p, r);
    }
    const t = truth[i]!;
    let c = colOf.get(t);
    if (c === undefined) {
      c = colSums.push(0) - 1;
      colOf.set(t, c);
    }
    rowSums[r]!++;
    colSums[c]!++;
    const key = `${r},${c}`;
    let cell = cellOf.get(key);
    if (cell === undefined) {
      cell = cells.push(0) - 1;
      cellRow.push(r);
      cellCol.push(c);
      cellOf.set(key, cell);
    }
    cells[cell]!++;
  }
  return { n, cells, cellRow, cellCol, rowSums, colSums };
}

const pairs = (x: number): number => (x * (x - 1)) / 2;
const harmonic = (p: number, r: number): number => (p + r > 0 ? (2 * p * r) / (p + r) : 0);

/**
 * Pairwise (pair-counting) precision and recall: of the face pairs put together, the share that are the same person;
 * of the same-person pairs, the share put together. With no pair put together precision is 1 (nothing claimed,
 * nothing wrong); with no same-person pair recall is 1.
 */
export function pairwisePrecisionRecall(predicted: ArrayLike<number>, truth: ArrayLike<Label>): PrecisionRecall {
  const t = contingency(predicted, truth);
  const together = t.cells.reduce((s, x) => s + pairs(x), 0);
  const predictedPairs = t.rowSums.reduce((s, x) => s + pairs(x), 0);
  const truePairs = t.colSums.reduce((s, x) => s + pairs(x), 0);
  const precision = predictedPairs > 0 ? together / predictedPairs : 1;
  const recall = truePairs > 0 ? together / truePairs : 1;
  return { precision, recall, f1: harmonic(precision, recall) };
}

/**
 * BCubed precision and recall: per item, the share of its cluster that has its label, and the share of its label
 * that is in its cluster; averaged over items. F1 is the harmonic mean of the two averages (Amigó et al.'s F, α = ½).
 */
export function bcubedPrecisionRecall(predicted: ArrayLike<number>, truth: ArrayLike<Label>): PrecisionRecall {
  const t = contingency(predicted, truth);
  if (t.n === 0) return { precision: 1, recall: 1, f1: 1 };
  let p = 0;
  let r = 0;
  // Each of the n_ij items of a cell has precision n_ij / |row| and recall n_ij / |col|.
  for (let c = 0; c < t.cells.length; c++) {
    const x = t.cells[c]!;
    p += (x * x) / t.rowSums[t.cellRow[c]!]!;
    r += (x * x) / t.colSums[t.cellCol[c]!]!;
  }
  const precision = p / t.n;
  const recall = r / t.n;
  return { precision, recall, f1: harmonic(precision, recall) };
}

/** How NMI divides the mutual information. */
export type NmiNormalisation = 'arithmetic' | 'geometric' | 'max' | 'min';

/**
 * Normalised mutual information I(P;T) / norm(H(P), H(T)), natural logs. When both partitions are a single cluster
 * (both entropies 0) they are identical and NMI is 1; when only one is, I = 0 and NMI is 0.
 */
export function normalisedMutualInformation(
  predicted: ArrayLike<number>,
  truth: ArrayLike<Label>,
  normalisation: NmiNormalisation = 'arithmetic',
): number {
  const t = contingency(predicted, truth);
  const n = t.n;
  if (n === 0) return 1;
  const entropy = (sizes: number[]): number => sizes.reduce((h, x) => (x > 0 ? h - (x / n) * Math.log(x / n) : h), 0);
  const hp = entropy(t.rowSums);
  const ht = entropy(t.colSums);
  let mi = 0;
  for (let c = 0; c < t.cells.length; c++) {
    const x = t.cells[c]!;
    mi += (x / n) * Math.log((n * x) / (t.rowSums[t.cellRow[c]!]! * t.colSums[t.cellCol[c]!]!));
  }
  if (hp === 0 && ht === 0) return 1;
  let denominator: number;
  switch (normalisation) {
    case 'arithmetic':
      denominator = (hp + ht) / 2;
      break;
    case 'geometric':
      denominator = Math.sqrt(hp * ht);
      break;
    case 'max':
      denominator = Math.max(hp, ht);
      break;
    case 'min':
      denominator = Math.min(hp, ht);
      break;
  }
  if (denominator === 0) return 0;
  // MI can come out a hair below 0 or above the bound through rounding.
  return Math.min(1, Math.max(0, mi / denominator));
}

/** Every metric at once. `predicted` uses -1 for unclustered faces (each its own singleton). */
export function evaluateClustering(predicted: ArrayLike<number>, truth: ArrayLike<Label>): ClusterEvaluation {
  const clusters = new Set<number>();
  let unclusteredCount = 0;
  for (let i = 0; i < predicted.length; i++) {
    if (predicted[i] === -1) unclusteredCount++;
    else clusters.add(predicted[i]!);
  }
  const truthLabels = new Set<Label>();
  for (let i = 0; i < truth.length; i++) truthLabels.add(truth[i]!);
  return {
    pairwise: pairwisePrecisionRecall(predicted, truth),
    bcubed: bcubedPrecisionRecall(predicted, truth),
    nmi: normalisedMutualInformation(predicted, truth),
    clusterCount: clusters.size,
    unclusteredCount,
    truthClusterCount: truthLabels.size,
  };
}
