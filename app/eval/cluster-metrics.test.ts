import { describe, expect, it } from 'vitest';
import {
  bcubedPrecisionRecall,
  evaluateClustering,
  normalisedMutualInformation,
  pairwisePrecisionRecall,
} from './cluster-metrics.js';

/**
 * The 14-item example of Amigó et al. (2009), as worked in github.com/inna-vogel/bcubed_measure:
 * cluster A = 4 of class X; B = 1 X + 2 Y; C = 4 Y + 3 items of three singleton classes. |X| = 5, |Y| = 6.
 */
const amigo = {
  predicted: [0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2],
  truth: ['x', 'x', 'x', 'x', 'x', 'y', 'y', 'y', 'y', 'y', 'y', 'z1', 'z2', 'z3'],
};

describe('BCubed', () => {
  it('matches the hand computation of the Amigó et al. example', () => {
    const r = bcubedPrecisionRecall(amigo.predicted, amigo.truth);
    // P = (4·4/4 + 1/3 + 2·2/3 + 3·1/7 + 4·4/7)/14 = 88/147; R = (4·4/5 + 1/5 + 2·2/6 + 3·1/1 + 4·4/6)/14 = 73/105.
    expect(r.precision).toBeCloseTo(88 / 147, 12);
    expect(r.recall).toBeCloseTo(73 / 105, 12);
    expect(r.f1).toBeCloseTo((2 * (88 / 147) * (73 / 105)) / (88 / 147 + 73 / 105), 12);
  });

  it('is 1/1 for identical partitions, whatever the label names', () => {
    const r = bcubedPrecisionRecall([5, 5, 9, 9, 9], ['a', 'a', 'b', 'b', 'b']);
    expect(r).toEqual({ precision: 1, recall: 1, f1: 1 });
  });

  it('treats -1 as singletons: leaving everything out costs recall, never precision', () => {
    const r = bcubedPrecisionRecall([-1, -1, -1, -1], ['a', 'a', 'b', 'b']);
    expect(r.precision).toBe(1);
    expect(r.recall).toBe(0.5);
    // Not as one cluster "-1" (which would give precision 0.5, recall 1).
    const asCluster = bcubedPrecisionRecall([7, 7, 7, 7], ['a', 'a', 'b', 'b']);
    expect(asCluster.precision).toBe(0.5);
    expect(asCluster.recall).toBe(1);
  });
});

describe('pairwise precision/recall', () => {
  it('counts pairs on the Amigó example', () => {
    // Predicted pairs: C(4,2)+C(3,2)+C(7,2) = 30; true pairs: C(5,2)+C(6,2) = 25; together: 6 + 1 + 6 = 13.
    const r = pairwisePrecisionRecall(amigo.predicted, amigo.truth);
    expect(r.precision).toBeCloseTo(13 / 30, 12);
    expect(r.recall).toBeCloseTo(13 / 25, 12);
  });

  it('defines vacuous precision and recall as 1', () => {
    expect(pairwisePrecisionRecall([-1, -1, -1], ['a', 'a', 'b'])).toEqual({ precision: 1, recall: 0, f1: 0 });
    expect(pairwisePrecisionRecall([0, 0, 1], ['a', 'b', 'c'])).toEqual({ precision: 0, recall: 1, f1: 0 });
  });
});

describe('NMI', () => {
  it('is 1 for identical partitions (up to renaming)', () => {
    expect(normalisedMutualInformation([0, 0, 1, 1, 2], ['p', 'p', 'q', 'q', 'r'])).toBeCloseTo(1, 12);
    expect(normalisedMutualInformation([3, 3, 3], ['a', 'a', 'a'])).toBe(1);
  });

  it('is exactly 0 for independent partitions (a product design)', () => {
    // 64 items: truth = i mod 4, predicted = ⌊i/4⌋ mod 4 — every cell of the 4×4 table holds 4 items.
    const truth = Array.from({ length: 64 }, (_, i) => i % 4);
    const predicted = Array.from({ length: 64 }, (_, i) => Math.floor(i / 4) % 4);
    expect(normalisedMutualInformation(predicted, truth)).toBeCloseTo(0, 12);
  });

  it('is near 0 for random independent labels', () => {
    let s = 12345;
    const next = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    const truth = Array.from({ length: 20000 }, () => Math.floor(next() * 5));
    const predicted = Array.from({ length: 20000 }, () => Math.floor(next() * 5));
    expect(normalisedMutualInformation(predicted, truth)).toBeLessThan(0.002);
  });

  it('matches a hand computation, for each normalisation', () => {
    // predicted {0,1}{2,3}, truth {0,1,2}{3}.
    const hp = Math.log(2);
    const ht = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
    const mi = 0.5 * Math.log(4 / 3) + 0.25 * Math.log(2 / 3) + 0.25 * Math.log(2);
    const p = [0, 0, 1, 1];
    const t = ['a', 'a', 'a', 'b'];
    expect(normalisedMutualInformation(p, t)).toBeCloseTo(mi / ((hp + ht) / 2), 12);
    expect(normalisedMutualInformation(p, t, 'geometric')).toBeCloseTo(mi / Math.sqrt(hp * ht), 12);
    expect(normalisedMutualInformation(p, t, 'max')).toBeCloseTo(mi / hp, 12);
    expect(normalisedMutualInformation(p, t, 'min')).toBeCloseTo(mi / ht, 12);
  });

  it('counts each unclustered face as its own cluster', () => {
    // All -1 against all-distinct truth: both are n singletons, so identical.
    expect(normalisedMutualInformation([-1, -1, -1], [1, 2, 3])).toBeCloseTo(1, 12);
  });
});

describe('evaluateClustering', () => {
  it('reports counts alongside the metrics', () => {
    const e = evaluateClustering([0, 0, -1, 1, 1, -1], ['a', 'a', 'a', 'b', 'b', 'c']);
    expect(e.clusterCount).toBe(2);
    expect(e.unclusteredCount).toBe(2);
    expect(e.truthClusterCount).toBe(3);
    expect(e.bcubed.precision).toBe(1);
    expect(e.pairwise.precision).toBe(1);
    expect(e.pairwise.recall).toBeCloseTo(2 / 4, 12); // true pairs: 3 (a) + 1 (b); together: 1 + 1
  });

  it('rejects labelings of different lengths', () => {
    expect(() => evaluateClustering([0, 1], ['a'])).toThrow(RangeError);
  });
});
