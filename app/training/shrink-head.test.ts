import { describe, expect, it } from 'vitest';
import { EmbeddingHead } from './embedding-head.js';
import { shrinkTowardIdentity } from './shrink-head.js';

describe('shrinkTowardIdentity', () => {
  const d = 4;
  const w = Float64Array.from({ length: d * d }, (_, i) => (i % 5 === 0 ? 2 : 0.5));
  const head = EmbeddingHead.linear(d, d, w, Float64Array.from([1, 0, 0, 0]));
  const x = new Float32Array([0.5, 0.5, 0.5, 0.5]);

  it('β = 0 is the identity (the frozen model), β = 1 the trained head', () => {
    expect(Array.from(shrinkTowardIdentity(head, 0).apply([x])[0]!)).toEqual(Array.from(x));
    const trained = head.apply([x])[0]!;
    shrinkTowardIdentity(head, 1).apply([x])[0]!.forEach((v, i) => expect(v).toBeCloseTo(trained[i]!, 6));
  });

  it('β in between interpolates the parameters', () => {
    const half = shrinkTowardIdentity(head, 0.5);
    expect(half.params[0]).toBeCloseTo(1.5, 6); // 1 + 0.5·(2 − 1)
    expect(half.params[1]).toBeCloseTo(0.25, 6);
    expect(half.params[d * d]).toBeCloseTo(0.5, 6);
  });

  it('shrinks only the residual branch of an MLP head', () => {
    const mlp = EmbeddingHead.residualMlp(d, 3, 1);
    expect(Array.from(shrinkTowardIdentity(mlp, 0).apply([x])[0]!)).toEqual(Array.from(mlp.apply([x])[0]!));
  });
});
