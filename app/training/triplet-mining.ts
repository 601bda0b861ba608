/**
 * Online triplet mining inside a mini-batch, from the squared-distance matrix between anchors (rows)
 * and candidates (columns). In the usual case rows and columns are the same batch (`excludeSelf`); for
 * cross-model training (harmonic mapping) the rows are mapped fast embeddings and the columns accurate
 * embeddings of the same faces, and the diagonal (the same face seen by the other model) is a positive.
 *
 * semi-hard (FaceNet §3.2): every anchor–positive pair (a, p), with a negative n such that
 *   d(a,p) < d(a,n) < d(a,p) + α
 * — farther than the positive but still inside the margin. Among those we take the hardest (smallest
 * d(a,n)), as TensorFlow's `triplet_semihard_loss` does; deterministic, so no PRNG is needed here.
 *
 * When a pair has no semi-hard negative, either every negative is beyond the margin (the loss would be
 * zero: nothing to do) or some negative is at least as close as the positive. `fallback` decides:
 *   'least-hard' (default): the violating negative closest to the semi-hard band (largest d(a,n) ≤ d(a,p)).
 *       It still teaches the violations that matter most for look-alikes (siblings) but, unlike the
 *       hardest negative, is not dominated by a single mislabeled face or by the early-collapse risk
 *       FaceNet reports for hardest-negative mining.
 *   'hardest': the closest negative (smallest d(a,n)).
 *   'skip': no triplet for that pair (pure FaceNet semi-hard).
 *
 * batch-hard (Hermans et al. 2017): one triplet per anchor, its farthest positive and closest negative.
 *
 * Ties are broken by the lowest index so mining is deterministic.
 */

export type MiningStrategy = 'semi-hard' | 'batch-hard';
export type SemiHardFallback = 'least-hard' | 'hardest' | 'skip';

export interface MiningOptions {
  readonly strategy: MiningStrategy;
  readonly margin: number;
  /** semi-hard only; default 'least-hard'. */
  readonly fallback?: SemiHardFallback;
  /** Rows and columns are the same items: never pair an item with itself. */
  readonly excludeSelf: boolean;
}

/** Mined triplets as parallel index arrays (anchor: row index; positive, negative: column indices). */
export interface Triplets {
  readonly anchors: Int32Array;
  readonly positives: Int32Array;
  readonly negatives: Int32Array;
  /** 1 where the negative came from the semi-hard fallback (or, for batch-hard, always 0). */
  readonly fallback: Uint8Array;
  readonly count: number;
}

/**
 * Mines triplets from `dist` (rows × cols squared distances).
 * `rowLabels[r]` and `colLabels[c]` are person ids.
 */
export function mineTriplets(
  dist: Float64Array,
  rowLabels: ArrayLike<number>,
  colLabels: ArrayLike<number>,
  options: MiningOptions,
): Triplets {
  const rows = rowLabels.length;
  const cols = colLabels.length;
  if (dist.length !== rows * cols) throw new Error('dist must be rows × cols');
  if (options.excludeSelf && rows !== cols) throw new Error('excludeSelf needs a square matrix');
  const out = { a: [] as number[], p: [] as number[], n: [] as number[], f: [] as number[] };
  const push = (a: number, p: number, n: number, fb: boolean): void => {
    out.a.push(a);
    out.p.push(p);
    out.n.push(n);
    out.f.push(fb ? 1 : 0);
  };
  const margin = options.margin;
  const fallback = options.fallback ?? 'least-hard';

  for (let a = 0; a < rows; a++) {
    const la = rowLabels[a]!;
    const row = a * cols;
    switch (options.strategy) {
      case 'batch-hard': {
        let p = -1;
        let n = -1;
        for (let c = 0; c < cols; c++) {
          if (options.excludeSelf && c === a) continue;
          const d = dist[row + c]!;
          if (colLabels[c] === la) {
            if (p < 0 || d > dist[row + p]!) p = c;
          } else if (n < 0 || d < dist[row + n]!) {
            n = c;
          }
        }
        if (p >= 0 && n >= 0) push(a, p, n, false);
        break;
      }
      case 'semi-hard': {
        for (let p = 0; p < cols; p++) {
          if ((options.excludeSelf && p === a) || colLabels[p] !== la) continue;
          const dap = dist[row + p]!;
          let semi = -1; // smallest d(a,n) in (dap, dap + margin)
          let hardest = -1; // smallest d(a,n) overall
          let leastHard = -1; // largest d(a,n) ≤ dap
          for (let n = 0; n < cols; n++) {
            if (colLabels[n] === la) continue;
            const dan = dist[row + n]!;
            if (dan > dap && dan < dap + margin) {
              if (semi < 0 || dan < dist[row + semi]!) semi = n;
            }
            if (hardest < 0 || dan < dist[row + hardest]!) hardest = n;
            if (dan <= dap && (leastHard < 0 || dan > dist[row + leastHard]!)) leastHard = n;
          }
          if (semi >= 0) push(a, p, semi, false);
          else if (fallback === 'least-hard' && leastHard >= 0) push(a, p, leastHard, true);
          // 'hardest' only when the hardest negative actually violates the margin (else the loss is 0).
          else if (fallback === 'hardest' && hardest >= 0 && dist[row + hardest]! <= dap) push(a, p, hardest, true);
        }
        break;
      }
    }
  }
  return {
    anchors: Int32Array.from(out.a),
    positives: Int32Array.from(out.p),
    negatives: Int32Array.from(out.n),
    fallback: Uint8Array.from(out.f),
    count: out.a.length,
  };
}
