/**
 * FaceNet's triplet loss and its gradient w.r.t. the batch outputs:
 *   L = (1/T) Σ [ ‖a−p‖² − ‖a−n‖² + α ]₊
 * averaged over the T mined triplets (FaceNet writes a sum; the mean keeps the learning rate independent
 * of how many triplets a batch yields — use `reduction: 'sum'` for the literal form).
 *
 * For an active triplet: ∂/∂a = 2(n − p), ∂/∂p = 2(p − a), ∂/∂n = 2(a − n).
 * Anchors index the rows of `anchors`, positives and negatives the rows of `candidates`; when both are
 * the same batch, add the two gradients (see `combinedGradient`).
 */
import type { Triplets } from './triplet-mining.js';

export interface TripletLossResult {
  readonly loss: number;
  /** Triplets with a positive hinge (the ones that produce a gradient). */
  readonly active: number;
  /** dL/d(anchors), same shape as `anchors`. */
  readonly gradAnchors: Float64Array;
  /** dL/d(candidates), same shape as `candidates`. */
  readonly gradCandidates: Float64Array;
}

export function tripletLoss(
  anchors: Float64Array,
  candidates: Float64Array,
  dim: number,
  triplets: Triplets,
  margin: number,
  reduction: 'mean' | 'sum' = 'mean',
): TripletLossResult {
  const gradAnchors = new Float64Array(anchors.length);
  const gradCandidates = new Float64Array(candidates.length);
  const scale = reduction === 'mean' && triplets.count > 0 ? 1 / triplets.count : 1;
  let loss = 0;
  let active = 0;
  for (let t = 0; t < triplets.count; t++) {
    const a = triplets.anchors[t]! * dim;
    const p = triplets.positives[t]! * dim;
    const n = triplets.negatives[t]! * dim;
    let dap = 0;
    let dan = 0;
    for (let k = 0; k < dim; k++) {
      const u = anchors[a + k]! - candidates[p + k]!;
      const v = anchors[a + k]! - candidates[n + k]!;
      dap += u * u;
      dan += v * v;
    }
    const hinge = dap - dan + margin;
    if (hinge <= 0) continue;
    loss += hinge;
    active++;
    const s = 2 * scale;
    for (let k = 0; k < dim; k++) {
      const av = anchors[a + k]!;
      const pv = candidates[p + k]!;
      const nv = candidates[n + k]!;
      gradAnchors[a + k]! += s * (nv - pv);
      gradCandidates[p + k]! += s * (pv - av);
      gradCandidates[n + k]! += s * (av - nv);
    }
  }
  return { loss: loss * scale, active, gradAnchors, gradCandidates };
}

/** Gradient w.r.t. one batch that served as both anchors and candidates. */
export function combinedGradient(result: TripletLossResult): Float64Array {
  const g = result.gradAnchors.slice();
  for (let i = 0; i < g.length; i++) g[i]! += result.gradCandidates[i]!;
  return g;
}
