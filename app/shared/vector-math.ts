/**
 * Small vector kernels for face embeddings (Float32Array, usually L2-normalised, 128-d or 192-d).
 *
 * Accumulation is done in JS numbers (float64), so sums over thousands of vectors stay accurate even though the
 * vectors themselves are float32. None of these allocate inside their loops; the ones that return a vector take an
 * optional `out` so callers in hot paths can reuse a buffer.
 */

/** Dot product of two vectors of the same length. */
export function dot(a: Float32Array, b: Float32Array): number {
  const n = a.length;
  if (b.length !== n) throw new RangeError(`dot: length mismatch ${n} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
  return s;
}

/** Squared Euclidean distance ‖a − b‖². Prefer this in comparisons: it avoids the square root. */
export function squaredL2(a: Float32Array, b: Float32Array): number {
  const n = a.length;
  if (b.length !== n) throw new RangeError(`squaredL2: length mismatch ${n} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    s += d * d;
  }
  return s;
}

/** Euclidean distance ‖a − b‖ (the FaceNet distance; for unit vectors d² = 2 − 2·cos). */
export function l2Distance(a: Float32Array, b: Float32Array): number {
  return Math.sqrt(squaredL2(a, b));
}

/** Euclidean norm ‖a‖. */
export function norm(a: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s);
}

/**
 * `a / ‖a‖`, written into `out` (a new array when omitted; may be `a` itself for in-place).
 * A zero vector has no direction: it is returned as zeros rather than NaN, and callers that care check `norm` first.
 */
export function normalise(a: Float32Array, out: Float32Array = new Float32Array(a.length)): Float32Array {
  if (out.length !== a.length) throw new RangeError(`normalise: out has length ${out.length}, expected ${a.length}`);
  const n = norm(a);
  if (n === 0) {
    out.fill(0);
    return out;
  }
  const inv = 1 / n;
  for (let i = 0; i < a.length; i++) out[i] = a[i]! * inv;
  return out;
}

/** `acc += scale · v`, in place; returns `acc`. */
export function addScaled(acc: Float32Array | Float64Array, v: Float32Array | Float64Array, scale = 1): typeof acc {
  if (acc.length !== v.length) throw new RangeError(`addScaled: length mismatch ${acc.length} vs ${v.length}`);
  for (let i = 0; i < v.length; i++) acc[i] = acc[i]! + scale * v[i]!;
  return acc;
}

/**
 * Mean direction of a set of vectors: the normalised sum (the spherical k-means centroid).
 * `indices` selects a subset of `vectors`; when omitted all are used. Returns zeros when the sum is zero
 * (e.g. an empty set), which callers treat as "no direction".
 */
export function meanDirection(
  vectors: readonly Float32Array[],
  indices?: ArrayLike<number>,
  out?: Float32Array,
): Float32Array {
  const count = indices ? indices.length : vectors.length;
  const first = count > 0 ? vectors[indices ? indices[0]! : 0] : undefined;
  const dim = out?.length ?? first?.length ?? 0;
  // Sum in float64: thousands of float32 additions otherwise lose a few bits.
  const sum = new Float64Array(dim);
  for (let j = 0; j < count; j++) {
    const v = vectors[indices ? indices[j]! : j];
    if (!v) throw new RangeError(`meanDirection: index ${indices ? indices[j] : j} out of range`);
    addScaled(sum, v);
  }
  const result = out ?? new Float32Array(dim);
  let s = 0;
  for (let i = 0; i < dim; i++) s += sum[i]! * sum[i]!;
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  for (let i = 0; i < dim; i++) result[i] = sum[i]! * inv;
  return result;
}

/** For unit vectors: L2 distance from cosine similarity, d = √(2 − 2·cos) (clamped at 0 against rounding). */
export function cosineToL2(cos: number): number {
  return Math.sqrt(Math.max(0, 2 - 2 * cos));
}

/** For unit vectors: cosine similarity from L2 distance, cos = 1 − d²/2. */
export function l2ToCosine(distance: number): number {
  return 1 - (distance * distance) / 2;
}
