/**
 * The impostor distance distribution of a library, and the grouping cut it implies at the library's size.
 *
 * Why: the verification threshold answers "are these two faces one person?" for one pair; grouping a library of n faces
 * asks it about n²/2 pairs at once, so a threshold that random impostor pairs cross 5% of the time puts strangers
 * together all over a large library. The cut must make the expected number of wrong merges small at the library's size.
 *
 * The distribution is estimated from the library itself, without labels: distances between random pairs of its faces
 * are almost all impostor pairs once a library holds more than a handful of people, and the genuine pairs that remain
 * sit in the lower tail. So the impostor location and scale are read from the median and the upper half (q50, q90),
 * which genuine pairs barely touch — a library of few people gives a lower median, which only makes the cut stricter.
 */
import { mulberry32 } from '../shared/seeded-random.js';
import { dot } from '../shared/vector-math.js';

/** A normal model of impostor L2 distances between unit embeddings. */
export interface ImpostorModel {
  readonly mean: number;
  readonly sd: number;
  /** Random pairs it was estimated from. */
  readonly pairs: number;
}

/**
 * Estimate the impostor model from random pairs of `vectors` (unit rows) — up to `pairs` of them among up to `sample`
 * faces. Location: the median pair distance. Spread: what matters for grouping is how far apart two *people* are on
 * average (lookalikes), not the noise of single photos, which averages out within a group. It is measured without
 * labels: a face's nearest neighbour is almost always the same person in another photo, so over random pairs (a, b)
 * the covariance of d(a, b) and d(nn(a), nn(b)) is the variance shared by the two people, not by the two photos. Without
 * `nearest` the spread of single pairs ((q90 − q50) / 1.28) is used, which is larger (a stricter cut).
 */
export function impostorModel(
  vectors: readonly Float32Array[],
  options: { pairs?: number; sample?: number; seed?: number; nearest?: (i: number) => number | undefined } = {},
): ImpostorModel {
  const n = vectors.length;
  if (n < 3) return { mean: 2, sd: 1e-9, pairs: 0 };
  const random = mulberry32(options.seed ?? 1);
  const sample = Math.min(n, options.sample ?? 1000);
  const faces = sample === n ? Array.from({ length: n }, (_, i) => i) : Array.from({ length: sample }, () => Math.floor(random() * n));
  const nearest = options.nearest && faces.map((i) => options.nearest!(i));
  const wanted = Math.min(options.pairs ?? 20_000, (sample * (sample - 1)) / 2);
  const dist = (a: number, b: number) => Math.sqrt(Math.max(0, 2 - 2 * dot(vectors[a]!, vectors[b]!)));
  const d: number[] = [];
  const twin: number[] = [];
  // A small library uses every pair (the same model whatever order its faces arrived in); a large one a random sample.
  const allPairs = sample === n && (n * (n - 1)) / 2 <= wanted;
  for (let k = 0, a = 0, b = 0; k < wanted; k++) {
    if (allPairs) {
      if (++b >= n) b = ++a + 1;
      if (b >= n) break;
    } else {
      a = Math.floor(random() * sample);
      b = Math.floor(random() * (sample - 1));
      if (b >= a) b++;
    }
    if (faces[a] === faces[b]) continue;
    d.push(dist(faces[a]!, faces[b]!));
    const na = nearest?.[a];
    const nb = nearest?.[b];
    twin.push(na !== undefined && nb !== undefined && na !== nb ? dist(na, nb) : NaN);
  }
  const sorted = Float64Array.from(d).sort();
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  const mean = q(0.5);
  let sd = (q(0.9) - mean) / 1.2816;
  if (nearest) {
    let sx = 0, sy = 0, sxy = 0, m = 0;
    for (let k = 0; k < d.length; k++) {
      if (Number.isNaN(twin[k]!)) continue;
      sx += d[k]!;
      sy += twin[k]!;
      sxy += d[k]! * twin[k]!;
      m++;
    }
    if (m > 100) sd = Math.min(sd, Math.sqrt(Math.max(1e-12, sxy / m - (sx / m) * (sy / m))));
  }
  return { mean, sd: Math.max(1e-9, sd), pairs: d.length };
}

/** Φ⁻¹(p) for the standard normal (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771753, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/**
 * The linkage cut for a library of `groups` groups: the distance under which, among the groups² / 2 pairs of groups,
 * about `expectedWrong` impostor pairs fall. Groups, not faces: once faces have gathered into their people, the merges
 * that can go wrong are between two people, and two people's average distance is spread almost as widely as a single
 * pair's (lookalikes), so the pair model is used for it (slightly conservative).
 */
export function linkageCut(model: ImpostorModel, groups: number, options: { expectedWrong?: number } = {}): number {
  const pairs = Math.max(1, (groups * (groups - 1)) / 2);
  const far = Math.min(0.5, (options.expectedWrong ?? 1) / pairs);
  return model.mean + model.sd * normalQuantile(far);
}

/** Expected wrong merges between people, as a share of the library's people: the one choice behind the cut. */
export const EXPECTED_WRONG_MERGES_PER_PERSON = 0.1;

/**
 * Groups at the cut of the library's size. The size that matters is the number of people (groups), which grouping
 * itself reveals: start at the model's FAR ≤ 1e-3 threshold (`auto`), count the groups, take the cut for that count,
 * and repeat until the count settles (two or three rounds; more groups → a stricter cut → a few more groups). The cut
 * is never looser than the model's verification threshold.
 */
export function groupingAtLibraryCut<R>(
  group: (cut: number) => R,
  groupCount: (result: R) => number,
  model: ImpostorModel,
  thresholds: { verify: number; auto: number },
  options: { rounds?: number } = {},
): { cut: number; result: R } {
  const cutFor = (groups: number) =>
    Math.min(thresholds.verify, linkageCut(model, Math.max(2, groups), { expectedWrong: EXPECTED_WRONG_MERGES_PER_PERSON * Math.max(2, groups) }));
  let cut = Math.min(thresholds.auto, thresholds.verify);
  let result = group(cut);
  for (let round = 0; round < (options.rounds ?? 3); round++) {
    const next = cutFor(groupCount(result));
    if (Math.abs(next - cut) < 5e-4) break;
    cut = next;
    result = group(cut);
  }
  return { cut, result };
}

/** The impostor model of faces of one kind (`from`, e.g. unsure faces) against another (`to`): random cross pairs. */
export function unsureImpostorModel(from: readonly Float32Array[], to: readonly Float32Array[], options: { pairs?: number; seed?: number } = {}): ImpostorModel {
  if (from.length === 0 || to.length === 0) return { mean: 2, sd: 1e-9, pairs: 0 };
  const random = mulberry32(options.seed ?? 2);
  const wanted = Math.min(options.pairs ?? 20_000, from.length * to.length);
  const allPairs = from.length * to.length <= wanted;
  const d = new Float64Array(wanted);
  for (let k = 0; k < wanted; k++) {
    const a = allPairs ? from[Math.floor(k / to.length)]! : from[Math.floor(random() * from.length)]!;
    const b = allPairs ? to[k % to.length]! : to[Math.floor(random() * to.length)]!;
    d[k] = Math.sqrt(Math.max(0, 2 - 2 * dot(a, b)));
  }
  d.sort();
  const q = (p: number) => d[Math.min(wanted - 1, Math.floor(p * wanted))]!;
  return { mean: q(0.5), sd: Math.max(1e-9, (q(0.9) - q(0.5)) / 1.2816), pairs: wanted };
}
