/**
 * Squared Euclidean distances between the rows of two row-major matrices, the input of triplet mining
 * and of verification. Computed as Σ(a−b)² rather than 2−2a·b so it stays exact for non-unit rows too.
 */
export function squaredDistances(
  a: Float64Array,
  aRows: number,
  b: Float64Array,
  bRows: number,
  dim: number,
): Float64Array {
  const out = new Float64Array(aRows * bRows);
  for (let i = 0; i < aRows; i++) {
    const ai = i * dim;
    for (let j = 0; j < bRows; j++) {
      const bj = j * dim;
      let s = 0;
      for (let k = 0; k < dim; k++) {
        const t = a[ai + k]! - b[bj + k]!;
        s += t * t;
      }
      out[i * bRows + j] = s;
    }
  }
  return out;
}

/** Packs equally sized Float32Array vectors into one row-major Float64Array (the training precision). */
export function packRows(vectors: readonly Float32Array[], dim: number): Float64Array {
  const out = new Float64Array(vectors.length * dim);
  vectors.forEach((v, r) => {
    if (v.length !== dim) throw new Error(`vector ${r} has length ${v.length}, expected ${dim}`);
    out.set(v, r * dim);
  });
  return out;
}
