/**
 * Row-wise L2 normalisation of an n×d matrix (row-major Float64Array) and its exact backward pass.
 * Every head ends with it, so embeddings stay on the unit sphere as FaceNet requires.
 */

/** Below this norm a row is treated as this norm, so a zero row maps to zero instead of NaN. */
const MIN_NORM = 1e-12;

/** f_r = z_r / ‖z_r‖. Returns the outputs and the norms the backward pass needs. */
export function normalizeRows(z: Float64Array, rows: number, dim: number): { out: Float64Array; norms: Float64Array } {
  const out = new Float64Array(rows * dim);
  const norms = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    let s = 0;
    for (let k = 0; k < dim; k++) s += z[o + k]! * z[o + k]!;
    const norm = Math.max(Math.sqrt(s), MIN_NORM);
    norms[r] = norm;
    for (let k = 0; k < dim; k++) out[o + k] = z[o + k]! / norm;
  }
  return { out, norms };
}

/**
 * Given f = z/‖z‖ and g = dL/df, returns dL/dz = (g − f (f·g)) / ‖z‖:
 * the Jacobian of normalisation is (I − f fᵀ)/‖z‖, which removes the radial part of g.
 */
export function normalizeRowsBackward(
  f: Float64Array,
  norms: Float64Array,
  g: Float64Array,
  rows: number,
  dim: number,
): Float64Array {
  const dz = new Float64Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    let fg = 0;
    for (let k = 0; k < dim; k++) fg += f[o + k]! * g[o + k]!;
    const inv = 1 / norms[r]!;
    for (let k = 0; k < dim; k++) dz[o + k] = (g[o + k]! - f[o + k]! * fg) * inv;
  }
  return dz;
}
