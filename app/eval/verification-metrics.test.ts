import { describe, expect, it } from 'vitest';
import {
  accuracyAt,
  assignFolds,
  bestAccuracyThreshold,
  evaluateVerification,
  rocAuc,
  thresholdAtFar,
} from './verification-metrics.js';

/**
 * 20 hand-made pairs, interleaved same/different so that the default folds are known:
 * pair 2j is same_j, pair 2j+1 is diff_j; fold of pair i is (i mod 10) + 1.
 */
const same = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.25];
const diff = [0.95, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8];
const distances = same.flatMap((s, j) => [s, diff[j]!]);
const labels = same.flatMap(() => [true, false]);

describe('bestAccuracyThreshold', () => {
  it('finds the midpoint of the best gap', () => {
    // Accept ≤ 0.925: 9 same + all 10 different right = 19/20. Accept up to 1.25 instead: 10 + 6 = 16.
    const r = bestAccuracyThreshold(distances, labels);
    expect(r.threshold).toBeCloseTo(0.925, 12);
    expect(r.accuracy).toBe(0.95);
  });

  it('handles the all-reject and all-accept ends and ties in distance', () => {
    expect(bestAccuracyThreshold([0.5, 1.0], [false, false])).toEqual({ threshold: 0.25, accuracy: 1 });
    expect(bestAccuracyThreshold([0.5, 1.0], [true, true])).toEqual({ threshold: 1.25, accuracy: 1 });
    // Equal distances cannot be split: 0.5 same and 0.5 different go together.
    const r = bestAccuracyThreshold([0.5, 0.5, 0.5, 1.0], [true, true, false, false]);
    expect(r.threshold).toBe(0.75);
    expect(r.accuracy).toBe(0.75);
  });
});

describe('LFW 10-fold protocol', () => {
  it('matches the hand-computed folds', () => {
    const r = evaluateVerification(distances, labels);
    // Held-out fold 2 = {0.95 d, 1.4 d}: training threshold (0.9+1.0)/2 = 0.95 accepts 0.95 (≤) → 1/2.
    // Fold 7 = {0.4 s, 0.9 s}: threshold (0.8+0.95)/2 = 0.875 rejects 0.9 → 1/2.
    // Fold 9 = {0.5 s, 1.25 s}: threshold 0.925 rejects 1.25 → 1/2. Every other fold: threshold 0.925, 2/2.
    expect(r.folds.map((f) => f.fold)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(r.folds.map((f) => f.accuracy)).toEqual([1, 0.5, 1, 1, 1, 1, 0.5, 1, 0.5, 1]);
    const thresholds = r.folds.map((f) => f.threshold);
    expect(thresholds[1]).toBeCloseTo(0.95, 12);
    expect(thresholds[6]).toBeCloseTo(0.875, 12);
    for (const i of [0, 2, 3, 4, 5, 7, 8, 9]) expect(thresholds[i]).toBeCloseTo(0.925, 12);
    expect(r.meanAccuracy).toBeCloseTo(0.85, 12);
    // Σ(a − 0.85)² = 7·0.15² + 3·0.35² = 0.525; sample std = √(0.525/9).
    expect(r.stdAccuracy).toBeCloseTo(Math.sqrt(0.525 / 9), 12);
    expect(r.standardError).toBeCloseTo(Math.sqrt(0.525 / 9) / Math.sqrt(10), 12);
    expect(r.bestThreshold.threshold).toBeCloseTo(0.925, 12);
    expect(r.samePairs).toBe(10);
    expect(r.differentPairs).toBe(10);
    expect(r.farResolution).toBe(0.1);
    // AUC: the 9 same pairs ≤ 0.9 beat all 10 different pairs; 1.25 beats 6 of them → 96/100.
    expect(r.auc).toBeCloseTo(0.96, 12);
  });

  it('uses given fold ids', () => {
    const folds = distances.map((_, i) => (i < 10 ? 1 : 2));
    const r = evaluateVerification(distances, labels, folds);
    expect(r.folds.map((f) => [f.fold, f.pairs])).toEqual([
      [1, 10],
      [2, 10],
    ]);
    expect(() => evaluateVerification(distances, labels, distances.map(() => 3))).toThrow(RangeError);
    expect(() => assignFolds(2, [1, 0])).toThrow(RangeError);
  });

  it('assigns default folds round-robin', () => {
    expect(Array.from(assignFolds(12))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 2]);
  });
});

describe('VAL at FAR', () => {
  it('takes the largest threshold with FAR ≤ target', () => {
    // FAR 0.1 allows 1 of 10 different pairs: threshold just below the 2nd closest (1.0) → accepts 0.95 only.
    const p = thresholdAtFar(distances, labels, 0.1);
    expect(p.threshold).toBeLessThan(1.0);
    expect(p.threshold).toBeGreaterThan(0.9999999);
    expect(p.falseAccepts).toBe(1);
    expect(p.far).toBe(0.1);
    expect(p.val).toBe(0.9); // 1.25 is still rejected
    expect(p.resolved).toBe(true);
    // FAR 0.5 allows 5: just below 1.4 → accepts 0.95 … 1.3 and the same pair at 1.25.
    const half = thresholdAtFar(distances, labels, 0.5);
    expect(half.falseAccepts).toBe(5);
    expect(half.val).toBe(1);
    expect(accuracyAt(distances, labels, half.threshold)).toBe(0.75);
  });

  it('reports an unresolvable target as the FAR = 0 point, flagged', () => {
    const p = thresholdAtFar(distances, labels, 1e-3);
    expect(p.resolved).toBe(false);
    expect(p.falseAccepts).toBe(0);
    expect(p.threshold).toBeLessThan(0.95);
    expect(p.val).toBe(0.9);
    const r = evaluateVerification(distances, labels);
    expect(r.valAtFar.map((v) => [v.targetFar, v.resolved])).toEqual([
      [1e-3, false],
      [1e-2, false],
    ]);
  });

  it('rejects all different pairs tied at the cut', () => {
    const p = thresholdAtFar([0.5, 0.5, 0.9, 0.1], [false, false, false, true], 1 / 3);
    expect(p.falseAccepts).toBe(0); // accepting 0.5 would accept two: FAR 2/3 > 1/3
    expect(p.val).toBe(1);
  });

  it('does not lose an allowed false accept to rounding (0.29 · 100 = 28.999…)', () => {
    const d = Array.from({ length: 100 }, (_, i) => 1 + i / 100);
    const p = thresholdAtFar(d, d.map(() => false), 0.29);
    expect(p.falseAccepts).toBe(29);
  });

  it('accepts everything at FAR 1', () => {
    const p = thresholdAtFar(distances, labels, 1);
    expect(p.val).toBe(1);
    expect(p.far).toBe(1);
  });
});

describe('rocAuc', () => {
  it('counts ties as half', () => {
    // same {0.5, 0.5} vs different {0.5, 1.0}: two ties (½ each) and two wins → 3/4.
    expect(rocAuc([0.5, 0.5, 0.5, 1.0], [1, 1, 0, 0])).toBe(0.75);
    expect(rocAuc([0.1, 0.2], [true, false])).toBe(1);
    expect(rocAuc([0.3, 0.2], [true, false])).toBe(0);
    expect(rocAuc([0.3, 0.2], [true, true])).toBeNaN();
  });

  it('validates inputs', () => {
    expect(() => rocAuc([0.1], [true, false])).toThrow(RangeError);
    expect(() => rocAuc([NaN], [true])).toThrow(RangeError);
    expect(() => rocAuc([0.1], [2])).toThrow(RangeError);
  });
});
