/**
 * Seeded synthetic "identities" on the unit sphere, for testing recognition and clustering without a model.
 *
 * A face of an identity with centre μ and spread s is normalise(μ + s·z/√dim), z ~ N(0, I). In high dimension two faces
 * of one identity are then at L2 distance ≈ s·√(2/(1+s²)) and the spread of that distance shrinks with dim, much as
 * real same-person distances cluster around a model-specific value.
 */
import { mulberry32, randomGaussian, type Random } from '../shared/seeded-random.js';
import { dot, normalise } from '../shared/vector-math.js';

/** A random direction, uniform on the sphere. */
export function randomUnitVector(random: Random, dim: number): Float32Array {
  const v = new Float32Array(dim);
  for (let i = 0; i < dim; i++) v[i] = randomGaussian(random);
  return normalise(v, v);
}

/** A unit vector at exactly L2 distance `distance` (0..2) from the unit vector `from`, in a random direction. */
export function unitVectorAtDistance(random: Random, from: Float32Array, distance: number): Float32Array {
  if (!(distance >= 0 && distance <= 2)) throw new RangeError(`distance must be in [0, 2], got ${distance}`);
  // Random direction orthogonal to `from` (one Gram–Schmidt step).
  const w = randomUnitVector(random, from.length);
  const p = dot(w, from);
  for (let i = 0; i < w.length; i++) w[i] = w[i]! - p * from[i]!;
  normalise(w, w);
  const theta = 2 * Math.asin(distance / 2); // chord length 2·sin(θ/2)
  const out = new Float32Array(from.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.cos(theta) * from[i]! + Math.sin(theta) * w[i]!;
  return normalise(out, out);
}

/** One face of an identity: normalise(centre + spread·z/√dim). */
export function sampleAround(random: Random, centre: Float32Array, spread: number): Float32Array {
  const dim = centre.length;
  const scale = spread / Math.sqrt(dim);
  const v = new Float32Array(dim);
  for (let i = 0; i < dim; i++) v[i] = centre[i]! + scale * randomGaussian(random);
  return normalise(v, v);
}

/** An identity to generate. */
export interface BlobSpec {
  /** Faces to draw. */
  readonly size: number;
  /** Noise scale s (see the file comment). */
  readonly spread: number;
  /** Centre; random when omitted. */
  readonly centre?: Float32Array;
}

/** Generated faces with their identity labels (index into the specs). */
export interface SphereBlobs {
  readonly vectors: Float32Array[];
  readonly labels: Int32Array;
  readonly centres: Float32Array[];
}

/** Draw every spec's faces (in spec order) from one seeded stream. */
export function sphereBlobs(specs: readonly BlobSpec[], options: { dim: number; seed: number }): SphereBlobs {
  const random = mulberry32(options.seed);
  const centres = specs.map((s) => s.centre ?? randomUnitVector(random, options.dim));
  const vectors: Float32Array[] = [];
  const labels: number[] = [];
  specs.forEach((spec, id) => {
    for (let j = 0; j < spec.size; j++) {
      vectors.push(sampleAround(random, centres[id]!, spec.spread));
      labels.push(id);
    }
  });
  return { vectors, labels: Int32Array.from(labels), centres };
}
