import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../shared/seeded-random.js';
import { EmbeddingHead } from './embedding-head.js';
import { squaredDistances } from './pairwise-distances.js';
import { gaussianVector, normalized } from './synthetic-identities.js';
import { combinedGradient, tripletLoss } from './triplet-loss.js';
import { mineTriplets, type Triplets } from './triplet-mining.js';

const random = mulberry32(2024);

function unitRows(rows: number, dim: number): Float64Array {
  const out = new Float64Array(rows * dim);
  for (let r = 0; r < rows; r++) out.set(normalized(gaussianVector(random, dim)), r * dim);
  return out;
}

/** Triplet loss of the head's outputs for fixed triplets: the function the gradient check differentiates. */
function lossOf(head: EmbeddingHead, x: Float64Array, rows: number, triplets: Triplets, margin: number): number {
  const f = head.forward(x, rows).outputs;
  return tripletLoss(f, f, head.outputDim, triplets, margin).loss;
}

/**
 * Central differences (h = 1e-6, float64) against the hand-derived backward pass, on 40 single
 * parameters and on 3 random directions through all of them. Returns the worst relative error.
 */
function gradientCheck(head: EmbeddingHead, rows: number): number {
  const margin = 1.0; // large, so every mined triplet is strictly active: no hinge kink near the point
  const x = unitRows(rows, head.inputDim);
  const labels = Int32Array.from({ length: rows }, (_, i) => i % 4);
  const fw = head.forward(x, rows);
  const dist = squaredDistances(fw.outputs, rows, fw.outputs, rows, head.outputDim);
  const triplets = mineTriplets(dist, labels, labels, { strategy: 'semi-hard', margin, excludeSelf: true });
  expect(triplets.count).toBeGreaterThan(10);
  const result = tripletLoss(fw.outputs, fw.outputs, head.outputDim, triplets, margin);
  expect(result.active).toBe(triplets.count);
  const grad = head.backward(fw, combinedGradient(result));

  const h = 1e-6;
  const p = head.params;
  let worst = 0;
  const numeric = (dir: Float64Array): number => {
    const saved = p.slice();
    for (let i = 0; i < p.length; i++) p[i] = saved[i]! + h * dir[i]!;
    const up = lossOf(head, x, rows, triplets, margin);
    for (let i = 0; i < p.length; i++) p[i] = saved[i]! - h * dir[i]!;
    const down = lossOf(head, x, rows, triplets, margin);
    p.set(saved);
    return (up - down) / (2 * h);
  };
  const relative = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-7);
  for (let t = 0; t < 40; t++) {
    const i = Math.floor(random() * p.length);
    const dir = new Float64Array(p.length);
    dir[i] = 1;
    // Parameters whose gradient is exactly 0 (dead relu, zero input) are checked for an absolute match.
    const n = numeric(dir);
    if (grad[i] === 0) expect(Math.abs(n)).toBeLessThan(1e-8);
    else worst = Math.max(worst, relative(n, grad[i]!));
  }
  for (let t = 0; t < 3; t++) {
    const dir = gaussianVector(random, p.length);
    let analytic = 0;
    for (let i = 0; i < p.length; i++) analytic += grad[i]! * dir[i]!;
    worst = Math.max(worst, relative(numeric(dir), analytic));
  }
  return worst;
}

/** Moves a head away from its identity init so every parameter block has a non-trivial gradient. */
function perturb(head: EmbeddingHead, scale: number): EmbeddingHead {
  for (let i = 0; i < head.params.length; i++) head.params[i]! += scale * (2 * random() - 1);
  return head;
}

describe('EmbeddingHead', () => {
  it('identity init leaves unit vectors unchanged (linear and residual MLP)', () => {
    const vectors = Array.from({ length: 20 }, () => Float32Array.from(normalized(gaussianVector(random, 128))));
    for (const head of [EmbeddingHead.identity(128), EmbeddingHead.residualMlp(128, 32, 7)]) {
      const out = head.apply(vectors);
      let worst = 0;
      out.forEach((v, r) => v.forEach((x, k) => (worst = Math.max(worst, Math.abs(x - vectors[r]![k]!)))));
      expect(worst).toBeLessThan(1e-7); // float32 rounding of a renormalised float32 unit vector
    }
  });

  it('gradients through the triplet loss and the L2 normalisation match central differences', () => {
    const errors = {
      linear: gradientCheck(perturb(EmbeddingHead.identity(128), 0.05), 16),
      rectangular: gradientCheck(perturb(EmbeddingHead.linear(192, 128, new Float64Array(128 * 192)), 0.1), 16),
      mlp: gradientCheck(perturb(EmbeddingHead.residualMlp(128, 24, 3), 0.05), 16),
    };
    console.log('gradient check, worst relative error:', errors);
    for (const e of Object.values(errors)) expect(e).toBeLessThan(1e-3);
  });

  it('serialize → JSON → deserialize gives back the same head, bit for bit once rounded to float32', () => {
    for (const head of [perturb(EmbeddingHead.identity(16), 0.1), perturb(EmbeddingHead.residualMlp(16, 8, 1), 0.1)]) {
      head.roundToFloat32();
      const back = EmbeddingHead.deserialize(JSON.stringify(head.serialize()));
      expect(back.kind).toBe(head.kind);
      expect(Array.from(back.params)).toEqual(Array.from(head.params));
      const v = [Float32Array.from(normalized(gaussianVector(random, 16)))];
      expect(Array.from(back.apply(v)[0]!)).toEqual(Array.from(head.apply(v)[0]!));
    }
  });

  it('refuses newer versions, other formats and truncated parameters', () => {
    const stored = EmbeddingHead.identity(4).serialize();
    expect(() => EmbeddingHead.deserialize({ ...stored, version: 2 })).toThrow(/version 2/);
    expect(() => EmbeddingHead.deserialize({ ...stored, format: 'x' })).toThrow(/not a serialized/);
    expect(() => EmbeddingHead.deserialize({ ...stored, parameters: stored.parameters.slice(0, 8) })).toThrow(/expected 20/);
  });
});
