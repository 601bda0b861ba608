import { describe, expect, it } from 'vitest';
import { mulberry32, randomGaussian, randomInt, randomWeightedIndex, shuffleInPlace } from './seeded-random.js';

describe('seeded-random', () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
  });

  it('matches the reference mulberry32 output for seed 1', () => {
    // First output of the canonical mulberry32 (Tommy Ettinger's, as in bryc/code PRNGs.md) for seed 1; pins the
    // stream so a refactor cannot silently change every seeded clustering and training run.
    expect(mulberry32(1)()).toBeCloseTo(0.6270739405881613, 15);
  });

  it('stays in [0, 1) with a uniform mean, and draws integers in range', () => {
    const r = mulberry32(7);
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const x = r();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(sum / 20000).toBeCloseTo(0.5, 1);
    const counts = new Array(4).fill(0);
    for (let i = 0; i < 4000; i++) counts[randomInt(r, 4)]++;
    for (const c of counts) expect(c).toBeGreaterThan(850);
    expect(() => randomInt(r, 0)).toThrow(RangeError);
  });

  it('draws standard normals', () => {
    const r = mulberry32(3);
    const n = 20000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const g = randomGaussian(r);
      s += g;
      s2 += g * g;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(s2 / n).toBeGreaterThan(0.96);
    expect(s2 / n).toBeLessThan(1.04);
  });

  it('shuffles to a permutation and draws weighted indices in proportion', () => {
    const r = mulberry32(9);
    const items = shuffleInPlace(r, [0, 1, 2, 3, 4, 5, 6, 7]);
    expect([...items].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 6000; i++) counts[randomWeightedIndex(r, [1, 0, 3])]!++;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.6);
    expect(counts[2]! / counts[0]!).toBeLessThan(3.4);
    expect(randomWeightedIndex(r, [0, 0])).toBe(-1);
  });
});
