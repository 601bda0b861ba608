import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../shared/seeded-random.js';
import { squaredDistances } from './pairwise-distances.js';
import { gaussianVector, normalized } from './synthetic-identities.js';
import { mineTriplets } from './triplet-mining.js';

const random = mulberry32(11);

/** A P×K batch of unit vectors in 8-d: low dimension so semi-hard, hard and easy negatives all occur. */
function batch(P: number, K: number) {
  const n = P * K;
  const x = new Float64Array(n * 8);
  const labels = Int32Array.from({ length: n }, (_, i) => Math.floor(i / K));
  const centres = Array.from({ length: P }, () => normalized(gaussianVector(random, 8)));
  for (let i = 0; i < n; i++) {
    const c = centres[labels[i]!]!;
    x.set(normalized(c.map((v) => v + 0.5 * (gaussianVector(random, 1)[0]! / Math.sqrt(8)))), i * 8);
  }
  return { dist: squaredDistances(x, n, x, n, 8), labels, n };
}

describe('mineTriplets', () => {
  const margin = 0.2;

  it('semi-hard picks only valid triplets, the hardest negative inside the band, one per anchor–positive pair', () => {
    let semi = 0;
    let fallbacks = 0;
    for (let trial = 0; trial < 20; trial++) {
      const { dist, labels, n } = batch(6, 4);
      const t = mineTriplets(dist, labels, labels, { strategy: 'semi-hard', margin, excludeSelf: true });
      const seen = new Set<string>();
      for (let k = 0; k < t.count; k++) {
        const [a, p, neg] = [t.anchors[k]!, t.positives[k]!, t.negatives[k]!];
        const dap = dist[a * n + p]!;
        const dan = dist[a * n + neg]!;
        expect(a).not.toBe(p);
        expect(labels[a]).toBe(labels[p]);
        expect(labels[a]).not.toBe(labels[neg]);
        const key = `${a},${p}`;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
        const band = [...Array(n).keys()].filter((j) => labels[j] !== labels[a] && dist[a * n + j]! > dap && dist[a * n + j]! < dap + margin);
        if (t.fallback[k]) {
          fallbacks++;
          expect(band).toEqual([]); // the fallback is used only when no semi-hard negative exists
          expect(dan).toBeLessThanOrEqual(dap); // and the negative it takes violates the ordering
        } else {
          semi++;
          expect(dan).toBeGreaterThan(dap);
          expect(dan).toBeLessThan(dap + margin);
          expect(Math.min(...band.map((j) => dist[a * n + j]!))).toBe(dan);
        }
      }
      // Every pair that has a semi-hard negative got a triplet.
      for (let a = 0; a < n; a++) {
        for (let p = 0; p < n; p++) {
          if (a === p || labels[a] !== labels[p]) continue;
          const dap = dist[a * n + p]!;
          const hasBand = [...Array(n).keys()].some((j) => labels[j] !== labels[a] && dist[a * n + j]! > dap && dist[a * n + j]! < dap + margin);
          if (hasBand) expect(seen.has(`${a},${p}`)).toBe(true);
        }
      }
      const skip = mineTriplets(dist, labels, labels, { strategy: 'semi-hard', margin, fallback: 'skip', excludeSelf: true });
      expect(skip.count).toBe(t.count - t.fallback.reduce((s, f) => s + f, 0));
      expect(skip.fallback.every((f) => f === 0)).toBe(true);
    }
    expect(semi).toBeGreaterThan(100); // the test data exercises both branches
    expect(fallbacks).toBeGreaterThan(10);
  });

  it('the hardest fallback takes the closest negative', () => {
    const { dist, labels, n } = batch(6, 4);
    const t = mineTriplets(dist, labels, labels, { strategy: 'semi-hard', margin, fallback: 'hardest', excludeSelf: true });
    for (let k = 0; k < t.count; k++) {
      if (!t.fallback[k]) continue;
      const a = t.anchors[k]!;
      const negatives = [...Array(n).keys()].filter((j) => labels[j] !== labels[a]).map((j) => dist[a * n + j]!);
      expect(dist[a * n + t.negatives[k]!]).toBe(Math.min(...negatives));
    }
  });

  it('batch-hard takes, per anchor, the farthest positive and the closest negative', () => {
    const { dist, labels, n } = batch(5, 3);
    const t = mineTriplets(dist, labels, labels, { strategy: 'batch-hard', margin, excludeSelf: true });
    expect(t.count).toBe(n);
    for (let k = 0; k < t.count; k++) {
      const a = t.anchors[k]!;
      const others = [...Array(n).keys()].filter((j) => j !== a);
      const pos = others.filter((j) => labels[j] === labels[a]).map((j) => dist[a * n + j]!);
      const neg = others.filter((j) => labels[j] !== labels[a]).map((j) => dist[a * n + j]!);
      expect(dist[a * n + t.positives[k]!]).toBe(Math.max(...pos));
      expect(dist[a * n + t.negatives[k]!]).toBe(Math.min(...neg));
    }
  });

  it('without excludeSelf (cross-model) the diagonal is a positive; anchors without a positive get nothing', () => {
    // Rows: 3 anchors; columns: the same 3 faces in the other space. Person 2 has a single face.
    const labels = Int32Array.from([0, 0, 2]);
    const dist = Float64Array.from([0.1, 0.5, 0.55, 0.5, 0.1, 0.2, 0.25, 0.9, 0.1]);
    const cross = mineTriplets(dist, labels, labels, { strategy: 'semi-hard', margin, excludeSelf: false });
    const list = [...cross.anchors].map((a, k) => [a, cross.positives[k], cross.negatives[k], cross.fallback[k]]);
    // (1,0): its only negative (0.2) is closer than the positive (0.5) → least-hard fallback.
    // (2,2): a single-face person is an anchor here, its positive is its own face in the other space.
    expect(list).toEqual([[0, 1, 2, 0], [1, 0, 2, 1], [1, 1, 2, 0], [2, 2, 0, 0]]);
    const self = mineTriplets(dist, labels, labels, { strategy: 'batch-hard', margin, excludeSelf: true });
    expect([...self.anchors]).toEqual([0, 1]); // person 2 has no positive
  });
});
