import { mulberry32 } from '../shared/seeded-random.js';

/**
 * Synthetic face embeddings shaped like a photo library's, for measuring the index (tests and bench/hnsw-bench.ts):
 * many identities, each a tight von Mises–Fisher-like cluster on the unit sphere; identity sizes log-uniform (a few
 * people in many photos, many people in one or two); all identities leaning towards one shared direction, as real
 * embeddings occupy a cone rather than the whole sphere; and faces interleaved as photos of different people are.
 *
 * Geometry (d large, g ~ N(0, I)): a centre is normalise(a·m + g/√d), so two centres have cosine ≈ a²/(1 + a²);
 * a face is normalise(c + σ·g/√d), so two faces of one identity have cosine ≈ 1/(1 + σ²).
 */
export interface SyntheticEmbeddingOptions {
  count: number;
  /** Default 128. */
  dimensions?: number;
  /** Default 1. */
  seed?: number;
  /** Typical cosine between two identities' centres; default 0.5 (L2 ≈ 1.0 between people, as in dlib's space). */
  centreCosine?: number;
  /** Range of the typical cosine between two faces of one identity, drawn per identity; default [0.86, 0.96]. */
  withinCosine?: [number, number];
  /** Faces per identity are log-uniform in [1, maxPerIdentity]; default 300. */
  maxPerIdentity?: number;
  /** The shared direction (normalised here); default: a random one. */
  meanDirection?: Float32Array;
}

export interface SyntheticEmbeddings {
  dimensions: number;
  /** count × dimensions, unit rows, identities interleaved. */
  vectors: Float32Array;
  /** Identity of each row. */
  identities: Int32Array;
  /** identityCount × dimensions, unit centres. */
  centres: Float32Array;
  /** Per identity: σ of its faces around the centre. */
  spreads: Float64Array;
}

/** A seeded standard-normal source (Box–Muller, both values used). */
function gaussians(seed: number): () => number {
  const random = mulberry32(seed);
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const r = Math.sqrt(-2 * Math.log(1 - random()));
    const theta = 2 * Math.PI * random();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}

function normaliseInPlace(v: Float32Array): void {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const inv = 1 / Math.sqrt(sum);
  for (let i = 0; i < v.length; i++) v[i]! *= inv;
}

/** Writes normalise(base + scale·g/√d) into `out`. */
function perturb(out: Float32Array, base: Float32Array, scale: number, gauss: () => number): void {
  const s = scale / Math.sqrt(out.length);
  for (let i = 0; i < out.length; i++) out[i] = base[i]! + s * gauss();
  normaliseInPlace(out);
}

export function syntheticEmbeddings(options: SyntheticEmbeddingOptions): SyntheticEmbeddings {
  const { count, dimensions = 128, seed = 1, centreCosine = 0.5, withinCosine = [0.86, 0.96], maxPerIdentity = 300 } = options;
  if (!(centreCosine >= 0 && centreCosine < 1)) throw new RangeError(`centreCosine must be in [0, 1), got ${centreCosine}`);
  const random = mulberry32(seed);
  const gauss = gaussians(seed ^ 0x5bd1e995);

  const mean = new Float32Array(dimensions);
  if (options.meanDirection) mean.set(options.meanDirection);
  else for (let i = 0; i < dimensions; i++) mean[i] = gauss();
  normaliseInPlace(mean);
  const lean = Math.sqrt(centreCosine / (1 - centreCosine));
  const meanScaled = mean.map((v) => v * lean);

  // Identity sizes until the count is reached, then one label per face, shuffled (photos interleave people).
  const sizes: number[] = [];
  for (let total = 0; total < count; ) {
    const size = Math.min(count - total, Math.max(1, Math.floor(Math.exp(random() * Math.log(maxPerIdentity + 1)))));
    sizes.push(size);
    total += size;
  }
  const identities = new Int32Array(count);
  let at = 0;
  sizes.forEach((size, identity) => identities.fill(identity, at, (at += size)));
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = identities[i]!;
    identities[i] = identities[j]!;
    identities[j] = tmp;
  }

  const centres = new Float32Array(sizes.length * dimensions);
  const spreads = new Float64Array(sizes.length);
  const [low, high] = withinCosine;
  for (let c = 0; c < sizes.length; c++) {
    perturb(centres.subarray(c * dimensions, (c + 1) * dimensions), meanScaled, 1, gauss);
    const cosine = low + (high - low) * random();
    spreads[c] = Math.sqrt(1 / cosine - 1);
  }
  const vectors = new Float32Array(count * dimensions);
  for (let i = 0; i < count; i++) {
    const c = identities[i]!;
    perturb(vectors.subarray(i * dimensions, (i + 1) * dimensions), centres.subarray(c * dimensions, (c + 1) * dimensions), spreads[c]!, gauss);
  }
  return { dimensions, vectors, identities, centres, spreads };
}

/**
 * New faces of identities already present (chosen like the library's faces are, so big identities get more), not
 * in the set: the queries recognition makes when a new photo arrives.
 */
export function newFacesOf(set: SyntheticEmbeddings, count: number, seed = 2): Float32Array {
  const { dimensions } = set;
  const random = mulberry32(seed);
  const gauss = gaussians(seed ^ 0x27d4eb2f);
  const out = new Float32Array(count * dimensions);
  for (let q = 0; q < count; q++) {
    const c = set.identities[Math.floor(random() * set.identities.length)]!;
    perturb(out.subarray(q * dimensions, (q + 1) * dimensions), set.centres.subarray(c * dimensions, (c + 1) * dimensions), set.spreads[c]!, gauss);
  }
  return out;
}
