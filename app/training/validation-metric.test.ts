import { describe, expect, it } from 'vitest';
import { bestBalancedAccuracy, valAtFar, verificationPairs } from './validation-metric.js';

describe('valAtFar', () => {
  it('accepts same pairs below the (k+1)-th smallest different distance, k = allowed false accepts', () => {
    const different = Float64Array.from({ length: 2000 }, (_, i) => 1 + i / 1000); // 1.000 … 2.999
    const same = Float64Array.from([0.5, 0.9, 1.0005, 1.0015, 1.5, 3]);
    const m = valAtFar(same, different, 1e-3); // 2 false accepts allowed: threshold = different[2] = 1.002
    expect(m.threshold).toBeCloseTo(1.002, 12);
    expect(m.far).toBe(2 / 2000);
    expect(m.val).toBe(4 / 6);
  });

  it('with fewer than 1/FAR different pairs allows exactly one false accept (the smallest resolvable FAR)', () => {
    const m = valAtFar(Float64Array.from([0.1, 0.35, 0.6]), Float64Array.from([0.3, 0.4, 0.5]), 1e-3);
    expect(m.effectiveTargetFar).toBeCloseTo(1 / 3, 12);
    expect(m.val).toBe(2 / 3);
    expect(m.far).toBe(1 / 3);
  });

  it('is NaN without same or different pairs; AUC counts ties as half', () => {
    expect(valAtFar(new Float64Array(0), Float64Array.from([1])).val).toBeNaN();
    expect(valAtFar(Float64Array.from([1, 2]), Float64Array.from([2, 3])).auc).toBeCloseTo(0.875, 12);
  });

  it('pairs within the queries and against a gallery; best balanced accuracy', () => {
    const q = Float64Array.from([0, 0, 1, 0]); // two 2-d rows: (0,0) and (1,0)
    const pairs = verificationPairs(q, [7, 8], 2, { rows: Float64Array.from([0, 0.1]), labels: [7] });
    expect(Array.from(pairs.same)).toEqual([0.010000000000000002]);
    expect(Array.from(pairs.different).sort()).toEqual([1, 1.01]);
    expect(bestBalancedAccuracy(Float64Array.from([0.1, 0.2, 0.9]), Float64Array.from([0.5, 1, 2]))).toBeCloseTo(5 / 6, 12);
  });
});
