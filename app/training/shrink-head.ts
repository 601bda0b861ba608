import { EmbeddingHead } from './embedding-head.js';

/**
 * Scales a trained head's change from the identity by β: linear W → I + β(W − I), b → βb; residual MLP: its
 * residual branch (W2, b2) by β. A head trained on a few people bends the space around them; shrinking keeps the
 * embedding near the frozen model for the many people training never saw (β = 1: the head as trained).
 */
export function shrinkTowardIdentity(head: EmbeddingHead, beta: number): EmbeddingHead {
  if (!(beta >= 0 && beta <= 1)) throw new RangeError(`beta must be in [0, 1], got ${beta}`);
  const out = head.clone();
  const p = out.params;
  const d = head.inputDim;
  if (head.kind === 'linear') {
    if (head.outputDim !== d) throw new Error('only a square linear head can be shrunk toward the identity');
    for (let i = 0; i < d * d; i++) {
      const identity = i % (d + 1) === 0 ? 1 : 0;
      p[i] = identity + beta * (p[i]! - identity);
    }
    for (let i = d * d; i < p.length; i++) p[i] = beta * p[i]!;
  } else {
    const h = head.hiddenDim;
    const branchStart = h * d + h; // after W1 and b1: W2 (d×h) and b2 (d)
    for (let i = branchStart; i < p.length; i++) p[i] = beta * p[i]!;
  }
  return out.roundToFloat32();
}
