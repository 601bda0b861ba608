/**
 * 2-D similarity transforms (rotation, uniform scale, translation; never a reflection) and their least-squares fit,
 * used to map a face's keypoints onto an alignment template.
 */
import type { Point } from './face-detection.js';

/**
 * A 2-D affine map `x' = a·x + b·y + c`, `y' = d·x + e·y + f`, stored row-major as [a, b, c, d, e, f].
 * A similarity has a = e and b = -d.
 */
export type Affine = readonly [number, number, number, number, number, number];

/** Applies an affine map to a point. */
export function applyAffine(m: Affine, p: Point): Point {
  return { x: m[0] * p.x + m[1] * p.y + m[2], y: m[3] * p.x + m[4] * p.y + m[5] };
}

/** Inverse of an affine map; throws if it is singular. */
export function invertAffine(m: Affine): Affine {
  const [a, b, c, d, e, f] = m;
  const det = a * e - b * d;
  if (Math.abs(det) < 1e-12) throw new Error('affine map is singular');
  const ia = e / det;
  const ib = -b / det;
  const id = -d / det;
  const ie = a / det;
  return [ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f)];
}

/** Scale factor of a similarity (or the square root of |det| of any affine map). */
export function affineScale(m: Affine): number {
  return Math.sqrt(Math.abs(m[0] * m[4] - m[1] * m[3]));
}

/**
 * Least-squares similarity mapping `from[i]` onto `to[i]` (Umeyama 1991 restricted to 2-D without reflection, which in
 * 2-D has the closed form below: with centred points, a = Σ(u·u')/Σ|u|², b = Σ(u×u')/Σ|u|²).
 * Needs at least two distinct points.
 */
export function fitSimilarity(from: readonly Point[], to: readonly Point[]): Affine {
  const n = from.length;
  if (n < 2 || to.length !== n) throw new Error('fitSimilarity needs two or more matching point pairs');
  let fx = 0;
  let fy = 0;
  let tx = 0;
  let ty = 0;
  for (let i = 0; i < n; i++) {
    fx += (from[i] as Point).x;
    fy += (from[i] as Point).y;
    tx += (to[i] as Point).x;
    ty += (to[i] as Point).y;
  }
  fx /= n;
  fy /= n;
  tx /= n;
  ty /= n;
  let dot = 0;
  let cross = 0;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const ux = (from[i] as Point).x - fx;
    const uy = (from[i] as Point).y - fy;
    const vx = (to[i] as Point).x - tx;
    const vy = (to[i] as Point).y - ty;
    dot += ux * vx + uy * vy;
    cross += ux * vy - uy * vx;
    norm += ux * ux + uy * uy;
  }
  if (norm < 1e-12) throw new Error('fitSimilarity: source points coincide');
  const a = dot / norm;
  const b = cross / norm;
  // [a -b; b a] rotates by atan2(b, a) and scales by hypot(a, b).
  return [a, -b, tx - (a * fx - b * fy), b, a, ty - (b * fx + a * fy)];
}
