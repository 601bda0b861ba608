/**
 * Face verification metrics on labelled pairs: the LFW 10-fold accuracy protocol, VAL at fixed FAR (FaceNet),
 * exact ROC AUC and threshold calibration. A pair is accepted as "same person" when its distance is ≤ the threshold.
 *
 * Accuracy-optimal thresholds are found exactly by sweeping the sorted distances. Candidate thresholds are the
 * midpoints between consecutive distinct distances, plus half a gap below the smallest and above the largest; among
 * equally accurate candidates the smallest wins (as an argmax over an ascending grid does in FaceNet's lfw.py).
 */

/** true / 1 = same person, false / 0 = different people. */
export type PairLabel = boolean | number;

/** A threshold and the accuracy it gives on the pairs it was chosen on. */
export interface ThresholdChoice {
  readonly threshold: number;
  readonly accuracy: number;
}

/** Verification at a target false-accept rate. */
export interface FarOperatingPoint {
  readonly targetFar: number;
  /** Largest threshold whose FAR on these pairs is ≤ targetFar. */
  readonly threshold: number;
  /** |same pairs accepted| / |same pairs|. */
  readonly val: number;
  /** |different pairs accepted| / |different pairs| at that threshold (≤ targetFar). */
  readonly far: number;
  readonly falseAccepts: number;
  /**
   * False when targetFar < 1/|different pairs|: not even one false accept is allowed, so the point reported is
   * FAR = 0 (threshold just below the closest different pair) and says little about the target.
   */
  readonly resolved: boolean;
}

/** One held-out fold of the 10-fold protocol. */
export interface FoldResult {
  readonly fold: number;
  /** Threshold chosen on the other folds. */
  readonly threshold: number;
  /** Accuracy of that threshold on this fold. */
  readonly accuracy: number;
  readonly pairs: number;
}

/** Everything `evaluateVerification` reports. */
export interface VerificationReport {
  readonly pairs: number;
  readonly samePairs: number;
  readonly differentPairs: number;
  readonly folds: FoldResult[];
  /** Mean of the held-out fold accuracies. */
  readonly meanAccuracy: number;
  /** Sample standard deviation (n − 1) of the fold accuracies, as in the LFW protocol. */
  readonly stdAccuracy: number;
  /** Standard error of the mean, std / √folds (the "±" LFW results are quoted with). */
  readonly standardError: number;
  /** The accuracy-optimal threshold on all pairs (for calibration, not an unbiased accuracy estimate). */
  readonly bestThreshold: ThresholdChoice;
  /** VAL at each requested FAR, on all pairs. */
  readonly valAtFar: FarOperatingPoint[];
  /** Smallest non-zero FAR these pairs can measure: 1 / |different pairs|. */
  readonly farResolution: number;
  /** Area under the ROC curve: P(same-pair distance < different-pair distance), ties counted ½. */
  readonly auc: number;
}

const isSame = (label: PairLabel): boolean => label === true || label === 1;

function checkInputs(distances: ArrayLike<number>, labels: ArrayLike<PairLabel>): void {
  if (distances.length !== labels.length) {
    throw new RangeError(`${distances.length} distances but ${labels.length} labels`);
  }
  for (let i = 0; i < distances.length; i++) {
    if (!Number.isFinite(distances[i]!)) throw new RangeError(`distance ${i} is not finite: ${distances[i]}`);
    const l = labels[i]!;
    if (l !== true && l !== false && l !== 0 && l !== 1) throw new RangeError(`label ${i} is not a boolean or 0/1: ${l}`);
  }
}

/** Fold of each pair: the given ids (positive integers), else pair i → (i mod 10) + 1. */
export function assignFolds(count: number, folds?: ArrayLike<number>): Int32Array {
  if (!folds) return Int32Array.from({ length: count }, (_, i) => (i % 10) + 1);
  if (folds.length !== count) throw new RangeError(`${folds.length} fold ids for ${count} pairs`);
  const out = Int32Array.from(folds);
  for (let i = 0; i < count; i++) {
    if (!Number.isInteger(folds[i]!) || folds[i]! < 1) throw new RangeError(`fold id ${folds[i]} of pair ${i} is not a positive integer`);
  }
  return out;
}

/** The accuracy-maximising threshold on the given pairs (see the file comment for candidates and ties). */
export function bestAccuracyThreshold(distances: ArrayLike<number>, labels: ArrayLike<PairLabel>): ThresholdChoice {
  checkInputs(distances, labels);
  const n = distances.length;
  if (n === 0) throw new RangeError('no pairs to choose a threshold on');
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => distances[a]! - distances[b]!);
  let differentTotal = 0;
  for (let i = 0; i < n; i++) if (!isSame(labels[i]!)) differentTotal++;

  // Accept nothing: every different pair is right.
  const first = distances[order[0]!]!;
  let bestCorrect = differentTotal;
  let bestIndex = -1; // index into `order` of the last accepted pair
  let sameAccepted = 0;
  let differentAccepted = 0;
  for (let j = 0; j < n; j++) {
    if (isSame(labels[order[j]!]!)) sameAccepted++;
    else differentAccepted++;
    const d = distances[order[j]!]!;
    if (j + 1 < n && distances[order[j + 1]!]! === d) continue; // only cut between distinct values
    const correct = sameAccepted + differentTotal - differentAccepted;
    if (correct > bestCorrect) {
      bestCorrect = correct;
      bestIndex = j;
    }
  }
  const last = distances[order[n - 1]!]!;
  let threshold: number;
  if (bestIndex < 0) {
    const next = distinctAfter(distances, order, 0);
    threshold = first - (next === undefined ? 1 : (next - first) / 2);
  } else if (bestIndex === n - 1) {
    const prev = distinctBefore(distances, order, n - 1);
    threshold = last + (prev === undefined ? 1 : (last - prev) / 2);
  } else {
    threshold = (distances[order[bestIndex]!]! + distances[order[bestIndex + 1]!]!) / 2;
  }
  return { threshold, accuracy: bestCorrect / n };
}

function distinctAfter(d: ArrayLike<number>, order: number[], j: number): number | undefined {
  for (let i = j + 1; i < order.length; i++) if (d[order[i]!]! !== d[order[j]!]!) return d[order[i]!]!;
  return undefined;
}

function distinctBefore(d: ArrayLike<number>, order: number[], j: number): number | undefined {
  for (let i = j - 1; i >= 0; i--) if (d[order[i]!]! !== d[order[j]!]!) return d[order[i]!]!;
  return undefined;
}

/** Share of pairs classified correctly at `threshold`. */
export function accuracyAt(distances: ArrayLike<number>, labels: ArrayLike<PairLabel>, threshold: number): number {
  let correct = 0;
  for (let i = 0; i < distances.length; i++) if (distances[i]! <= threshold === isSame(labels[i]!)) correct++;
  return distances.length > 0 ? correct / distances.length : NaN;
}

/** The largest double below x (threshold "just below" a distance, so that d ≤ threshold ⇔ d < x). */
function nextDown(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  view.setBigInt64(0, x > 0 ? bits - 1n : bits + 1n);
  return view.getFloat64(0);
}

/**
 * Calibrate: the largest threshold with FAR ≤ `far` on these pairs, and the VAL it gives. With m = ⌊far·|diff|⌋
 * false accepts allowed, the threshold sits just below the (m+1)-th closest different pair (ties there are all
 * rejected). See `FarOperatingPoint.resolved` for what happens when the set has too few different pairs.
 */
export function thresholdAtFar(distances: ArrayLike<number>, labels: ArrayLike<PairLabel>, far: number): FarOperatingPoint {
  checkInputs(distances, labels);
  if (!(far >= 0 && far <= 1)) throw new RangeError(`far must be in [0, 1], got ${far}`);
  const different: number[] = [];
  const same: number[] = [];
  for (let i = 0; i < distances.length; i++) (isSame(labels[i]!) ? same : different).push(distances[i]!);
  if (different.length === 0) throw new RangeError('thresholdAtFar needs at least one different-person pair');
  different.sort((a, b) => a - b);
  // The 1e-9 guards against far·count landing a hair below an integer (0.29·100 = 28.999…).
  const allowed = Math.floor(far * different.length + 1e-9);
  const threshold =
    allowed >= different.length
      ? same.reduce((m, d) => Math.max(m, d), different[different.length - 1]!) // accept everything
      : nextDown(different[allowed]!);
  const falseAccepts = different.filter((d) => d <= threshold).length;
  const trueAccepts = same.filter((d) => d <= threshold).length;
  return {
    targetFar: far,
    threshold,
    val: same.length > 0 ? trueAccepts / same.length : NaN,
    far: falseAccepts / different.length,
    falseAccepts,
    resolved: allowed >= 1,
  };
}

/** Exact ROC AUC with ties: P(d_same < d_diff) + ½·P(d_same = d_diff). NaN without both kinds of pair. */
export function rocAuc(distances: ArrayLike<number>, labels: ArrayLike<PairLabel>): number {
  checkInputs(distances, labels);
  const n = distances.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => distances[a]! - distances[b]!);
  let sameTotal = 0;
  for (let i = 0; i < n; i++) if (isSame(labels[i]!)) sameTotal++;
  const differentTotal = n - sameTotal;
  if (sameTotal === 0 || differentTotal === 0) return NaN;
  let differentBelow = 0;
  let wins = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    let s = 0;
    let f = 0;
    while (end < n && distances[order[end]!]! === distances[order[start]!]!) {
      if (isSame(labels[order[end]!]!)) s++;
      else f++;
      end++;
    }
    wins += s * (differentTotal - differentBelow - f) + 0.5 * s * f;
    differentBelow += f;
    start = end;
  }
  return wins / (sameTotal * differentTotal);
}

/**
 * The LFW protocol and friends. `folds` are fold ids per pair (1..10 in LFW; any positive integers, at least two
 * distinct); without them pair i goes to fold (i mod 10) + 1.
 */
export function evaluateVerification(
  distances: ArrayLike<number>,
  labels: ArrayLike<PairLabel>,
  folds?: ArrayLike<number>,
  farTargets: readonly number[] = [1e-3, 1e-2],
): VerificationReport {
  checkInputs(distances, labels);
  const n = distances.length;
  const foldOf = assignFolds(n, folds);
  const foldIds = [...new Set(foldOf)].sort((a, b) => a - b);
  if (foldIds.length < 2) throw new RangeError('the fold protocol needs pairs in at least two folds');

  const foldResults: FoldResult[] = foldIds.map((fold) => {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (foldOf[i] === fold ? test : train).push(i);
    const { threshold } = bestAccuracyThreshold(
      train.map((i) => distances[i]!),
      train.map((i) => labels[i]!),
    );
    const accuracy = accuracyAt(
      test.map((i) => distances[i]!),
      test.map((i) => labels[i]!),
      threshold,
    );
    return { fold, threshold, accuracy, pairs: test.length };
  });
  const k = foldResults.length;
  const meanAccuracy = foldResults.reduce((s, f) => s + f.accuracy, 0) / k;
  const stdAccuracy = Math.sqrt(foldResults.reduce((s, f) => s + (f.accuracy - meanAccuracy) ** 2, 0) / (k - 1));

  let samePairs = 0;
  for (let i = 0; i < n; i++) if (isSame(labels[i]!)) samePairs++;
  const differentPairs = n - samePairs;
  return {
    pairs: n,
    samePairs,
    differentPairs,
    folds: foldResults,
    meanAccuracy,
    stdAccuracy,
    standardError: stdAccuracy / Math.sqrt(k),
    bestThreshold: bestAccuracyThreshold(distances, labels),
    valAtFar: differentPairs > 0 ? farTargets.map((far) => thresholdAtFar(distances, labels, far)) : [],
    farResolution: differentPairs > 0 ? 1 / differentPairs : NaN,
    auc: rocAuc(distances, labels),
  };
}
