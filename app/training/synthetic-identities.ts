/**
 * Seeded synthetic "faces" for the training tests: identity centres on the unit sphere, some of them
 * deliberately close together (siblings), faces = normalize(centre + nuisance + noise). The nuisance
 * lives in a few shared directions (think pose and lighting the frozen model did not factor out), which
 * is exactly what a fine-tuned head can learn to suppress.
 */
import { mulberry32, randomGaussian, type Random } from '../shared/seeded-random.js';

export interface SyntheticOptions {
  readonly dim: number;
  readonly people: number;
  /** Faces per person, drawn uniformly from [min, max]. */
  readonly facesPerPerson: readonly [number, number];
  /** Pairs of people whose centres are close; person 2i+1 is the sibling of 2i for i < siblingPairs. */
  readonly siblingPairs: number;
  /** Norm of the offset between siblings' centres before renormalising (small = alike). */
  readonly siblingDistance: number;
  /** Shared nuisance directions and their per-face standard deviation. */
  readonly nuisanceDims: number;
  readonly nuisanceScale: number;
  /** Isotropic per-coordinate noise standard deviation. */
  readonly noise: number;
  readonly seed: number;
}

export interface SyntheticFaces {
  readonly embeddings: Float32Array[];
  readonly labels: Int32Array;
  /** Identity centres (unit), by person id. */
  readonly centres: Float64Array[];
}

export function gaussianVector(random: Random, dim: number): Float64Array {
  return Float64Array.from({ length: dim }, () => randomGaussian(random));
}

export function normalized(v: Float64Array): Float64Array {
  let s = 0;
  for (const x of v) s += x * x;
  const n = Math.sqrt(s) || 1;
  return v.map((x) => x / n);
}

export function syntheticFaces(o: SyntheticOptions): SyntheticFaces {
  const random = mulberry32(o.seed);
  const centres: Float64Array[] = [];
  for (let p = 0; p < o.people; p++) {
    const sibling = p % 2 === 1 && (p - 1) / 2 < o.siblingPairs;
    if (sibling) {
      const offset = normalized(gaussianVector(random, o.dim)).map((x) => x * o.siblingDistance);
      centres.push(normalized(centres[p - 1]!.map((x, k) => x + offset[k]!)));
    } else {
      centres.push(normalized(gaussianVector(random, o.dim)));
    }
  }
  const nuisance = Array.from({ length: o.nuisanceDims }, () => normalized(gaussianVector(random, o.dim)));
  const embeddings: Float32Array[] = [];
  const labels: number[] = [];
  const [lo, hi] = o.facesPerPerson;
  for (let p = 0; p < o.people; p++) {
    const count = lo + Math.floor(random() * (hi - lo + 1));
    for (let f = 0; f < count; f++) {
      const v = centres[p]!.slice();
      for (const u of nuisance) {
        const g = randomGaussian(random) * o.nuisanceScale;
        for (let k = 0; k < o.dim; k++) v[k]! += g * u[k]!;
      }
      for (let k = 0; k < o.dim; k++) v[k]! += randomGaussian(random) * o.noise;
      embeddings.push(Float32Array.from(normalized(v)));
      labels.push(p);
    }
  }
  return { embeddings, labels: Int32Array.from(labels), centres };
}
