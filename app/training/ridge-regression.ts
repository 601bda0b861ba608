/**
 * Multi-output ridge regression with a bias, solved by Cholesky:
 *   [W b] = argmin Σ_i ‖W x_i + b − y_i‖² + λ ‖[W b]‖²
 * The starting point of the harmonic mapping (the least-squares map between two models' spaces).
 * λ > 0 keeps the normal equations positive definite when there are fewer faces than input dimensions.
 */

/**
 * `x`: n × dIn, `y`: n × dOut (row-major). Returns W (dOut × dIn, row-major) and b (dOut).
 */
export function ridgeRegression(
  x: Float64Array,
  y: Float64Array,
  n: number,
  dIn: number,
  dOut: number,
  lambda: number,
): { weights: Float64Array; bias: Float64Array } {
  if (x.length !== n * dIn || y.length !== n * dOut) throw new Error('x must be n × dIn and y n × dOut');
  if (!(lambda > 0)) throw new Error('lambda must be positive');
  const m = dIn + 1; // inputs augmented with a constant 1 for the bias
  const a = new Float64Array(m * m); // XᵀX + λI
  const rhs = new Float64Array(m * dOut); // XᵀY
  const row = new Float64Array(m);
  for (let r = 0; r < n; r++) {
    row.set(x.subarray(r * dIn, (r + 1) * dIn));
    row[dIn] = 1;
    for (let i = 0; i < m; i++) {
      const xi = row[i]!;
      for (let j = 0; j <= i; j++) a[i * m + j]! += xi * row[j]!;
      for (let k = 0; k < dOut; k++) rhs[i * dOut + k]! += xi * y[r * dOut + k]!;
    }
  }
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < i; j++) a[j * m + i] = a[i * m + j]!;
    a[i * m + i]! += lambda;
  }
  const solution = choleskySolve(a, rhs, m, dOut); // m × dOut: Wᵀ stacked over bᵀ
  const weights = new Float64Array(dOut * dIn);
  const bias = new Float64Array(dOut);
  for (let k = 0; k < dOut; k++) {
    for (let i = 0; i < dIn; i++) weights[k * dIn + i] = solution[i * dOut + k]!;
    bias[k] = solution[dIn * dOut + k]!;
  }
  return { weights, bias };
}

/** Solves A X = B for symmetric positive definite A (m × m) and B (m × cols). */
function choleskySolve(a: Float64Array, b: Float64Array, m: number, cols: number): Float64Array {
  const l = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * m + j]!;
      for (let k = 0; k < j; k++) s -= l[i * m + k]! * l[j * m + k]!;
      if (i === j) {
        if (!(s > 0)) throw new Error('matrix is not positive definite');
        l[i * m + i] = Math.sqrt(s);
      } else {
        l[i * m + j] = s / l[j * m + j]!;
      }
    }
  }
  const out = b.slice();
  for (let c = 0; c < cols; c++) {
    for (let i = 0; i < m; i++) {
      // forward: L z = b
      let s = out[i * cols + c]!;
      for (let k = 0; k < i; k++) s -= l[i * m + k]! * out[k * cols + c]!;
      out[i * cols + c] = s / l[i * m + i]!;
    }
    for (let i = m - 1; i >= 0; i--) {
      // back: Lᵀ x = z
      let s = out[i * cols + c]!;
      for (let k = i + 1; k < m; k++) s -= l[k * m + i]! * out[k * cols + c]!;
      out[i * cols + c] = s / l[i * m + i]!;
    }
  }
  return out;
}
