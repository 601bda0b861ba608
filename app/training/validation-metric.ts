/**
 * FaceNet's validation rate at a fixed false-accept rate, for early stopping, on top of
 * `app/eval/verification-metrics.ts` (`thresholdAtFar`, `rocAuc`).
 *
 *   VAL(d) = |same pairs with D ≤ d| / |same pairs|,  FAR(d) = |different pairs with D ≤ d| / |different pairs|
 *
 * VAL at FAR = 1e-3 is VAL at the loosest threshold whose FAR does not exceed 1e-3. With N different
 * pairs the finest FAR one can resolve is 1/N, so the target used is max(targetFar, 1/N): with few pairs
 * we allow exactly one false accept instead of demanding none (which would hang on a single outlier pair).
 */
import { rocAuc, thresholdAtFar } from '../eval/verification-metrics.js';
import { squaredDistances } from './pairwise-distances.js';

export interface ValAtFar {
  /** Fraction of same pairs accepted. NaN when there are no same or no different pairs. */
  readonly val: number;
  /** FAR actually reached (≤ the effective target). */
  readonly far: number;
  /** max(targetFar, 1/|different pairs|). */
  readonly effectiveTargetFar: number;
  /** Accept a pair iff its squared distance is ≤ this (just below the first rejected different pair). */
  readonly threshold: number;
  /** P(D_same < D_different), ties count half: a continuous tie-breaker when VAL saturates. */
  readonly auc: number;
  readonly samePairs: number;
  readonly differentPairs: number;
}

/** VAL at `targetFar` from the squared distances of same-person and different-person pairs. */
export function valAtFar(same: Float64Array, different: Float64Array, targetFar = 1e-3): ValAtFar {
  const nS = same.length;
  const nD = different.length;
  if (nS === 0 || nD === 0) {
    return { val: NaN, far: NaN, effectiveTargetFar: NaN, threshold: NaN, auc: NaN, samePairs: nS, differentPairs: nD };
  }
  const distances = new Float64Array(nS + nD);
  distances.set(same);
  distances.set(different, nS);
  const labels = new Uint8Array(nS + nD).fill(1, 0, nS);
  const effectiveTargetFar = Math.max(targetFar, 1 / nD);
  const point = thresholdAtFar(distances, labels, effectiveTargetFar);
  return {
    val: point.val,
    far: point.far,
    effectiveTargetFar,
    threshold: point.threshold,
    auc: rocAuc(distances, labels),
    samePairs: nS,
    differentPairs: nD,
  };
}

/**
 * Squared distances of the verification pairs: all pairs inside `queries` and, when `gallery` is
 * given, every query against every gallery item. Rows are unit embeddings, row-major.
 */
export function verificationPairs(
  queries: Float64Array,
  queryLabels: ArrayLike<number>,
  dim: number,
  gallery?: { readonly rows: Float64Array; readonly labels: ArrayLike<number> },
): { same: Float64Array; different: Float64Array } {
  const same: number[] = [];
  const different: number[] = [];
  const q = queryLabels.length;
  const inner = squaredDistances(queries, q, queries, q, dim);
  for (let i = 0; i < q; i++) {
    for (let j = i + 1; j < q; j++) (queryLabels[i] === queryLabels[j] ? same : different).push(inner[i * q + j]!);
  }
  if (gallery) {
    const g = gallery.labels.length;
    const cross = squaredDistances(queries, q, gallery.rows, g, dim);
    for (let i = 0; i < q; i++) {
      for (let j = 0; j < g; j++) (queryLabels[i] === gallery.labels[j] ? same : different).push(cross[i * g + j]!);
    }
  }
  return { same: Float64Array.from(same), different: Float64Array.from(different) };
}

/**
 * Best balanced verification accuracy max_t ½(TAR(t) + TRR(t)) over all thresholds — the LFW-style
 * "accuracy" with equal weight on same and different pairs whatever their counts. Optimistic (the
 * threshold is chosen on the pairs it scores); use it to compare models, not as a calibrated number.
 */
export function bestBalancedAccuracy(same: Float64Array, different: Float64Array): number {
  if (same.length === 0 || different.length === 0) return NaN;
  const s = same.slice().sort();
  const d = different.slice().sort();
  let best = 0.5; // threshold below everything: accept nothing
  for (let i = 0; i < s.length; i++) {
    // accept iff D ≤ s[i]: TAR counts same ≤ s[i], TRR counts different > s[i]
    if (i + 1 < s.length && s[i + 1] === s[i]) continue;
    const tar = (i + 1) / s.length;
    const trr = 1 - upperBound(d, s[i]!) / d.length;
    best = Math.max(best, 0.5 * (tar + trr));
  }
  return best;
}

/** Number of entries of ascending `a` that are ≤ `x`. */
function upperBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
