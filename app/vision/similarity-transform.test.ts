import { describe, expect, it } from 'vitest';
import type { Point } from './face-detection.js';
import { affineScale, applyAffine, fitSimilarity, invertAffine, type Affine } from './similarity-transform.js';

function similarity(scale: number, angle: number, tx: number, ty: number): Affine {
  const a = scale * Math.cos(angle);
  const b = scale * Math.sin(angle);
  return [a, -b, tx, b, a, ty];
}

const points: Point[] = [
  { x: 38.3, y: 51.7 },
  { x: 73.5, y: 51.5 },
  { x: 56.0, y: 71.7 },
  { x: 56.1, y: 92.3 },
];

describe('fitSimilarity', () => {
  it('recovers an exact similarity', () => {
    const truth = similarity(2.5, 0.4, -30, 12);
    const fitted = fitSimilarity(points, points.map((p) => applyAffine(truth, p)));
    fitted.forEach((v, i) => expect(v).toBeCloseTo(truth[i] as number, 9));
  });

  it('is the least-squares solution under noise (residual no larger than the true transform’s)', () => {
    const truth = similarity(0.3, -1.2, 5, 7);
    const noise = [0.4, -0.3, 0.2, 0.5, -0.6, 0.1, 0.3, -0.2];
    const targets = points.map((p, i) => {
      const q = applyAffine(truth, p);
      return { x: q.x + (noise[2 * i] as number), y: q.y + (noise[2 * i + 1] as number) };
    });
    const fitted = fitSimilarity(points, targets);
    const residual = (m: Affine): number =>
      points.reduce((s, p, i) => {
        const q = applyAffine(m, p);
        return s + (q.x - (targets[i] as Point).x) ** 2 + (q.y - (targets[i] as Point).y) ** 2;
      }, 0);
    expect(residual(fitted)).toBeLessThanOrEqual(residual(truth));
    // Nudging any of the four similarity parameters (a, b, tx, ty) either way only makes it worse.
    const [a, , tx, b, , ty] = fitted;
    for (const [da, db, dx, dy] of [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]) {
      for (const sign of [1, -1]) {
        const e = 1e-3 * sign;
        const nudged: Affine = [a + e * da!, -(b + e * db!), tx + e * dx!, b + e * db!, a + e * da!, ty + e * dy!];
        expect(residual(nudged)).toBeGreaterThan(residual(fitted));
      }
    }
    expect(Math.abs(affineScale(fitted) - 0.3)).toBeLessThan(0.03);
  });

  it('never reflects: mirrored targets give a rotation, not a flip', () => {
    const mirrored = points.map((p) => ({ x: -p.x, y: p.y }));
    const m = fitSimilarity(points, mirrored);
    expect(m[0]).toBeCloseTo(m[4], 12);
    expect(m[1]).toBeCloseTo(-m[3], 12);
    expect(m[0] * m[4] - m[1] * m[3]).toBeGreaterThanOrEqual(0);
  });

  it('rejects degenerate input', () => {
    expect(() => fitSimilarity(points.slice(0, 1), points.slice(0, 1))).toThrow();
    expect(() => fitSimilarity([points[0]!, points[0]!], points.slice(0, 2))).toThrow(/coincide/);
  });
});

describe('invertAffine', () => {
  it('undoes the map', () => {
    const m: Affine = [1.5, 0.3, 4, -0.2, 0.8, -7];
    const inv = invertAffine(m);
    const p = { x: 12.5, y: -3 };
    const back = applyAffine(inv, applyAffine(m, p));
    expect(back.x).toBeCloseTo(p.x, 10);
    expect(back.y).toBeCloseTo(p.y, 10);
    expect(() => invertAffine([1, 2, 0, 2, 4, 0])).toThrow(/singular/);
  });
});
