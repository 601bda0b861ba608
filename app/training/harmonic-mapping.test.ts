import { describe, expect, it } from 'vitest';
import { mulberry32, randomGaussian } from '../shared/seeded-random.js';
import { EmbeddingHead } from './embedding-head.js';
import { crossModelPairs, leastSquaresMapping, trainHarmonicMapping, type PairedEmbeddings } from './harmonic-mapping.js';
import { gaussianVector, normalized, syntheticFaces } from './synthetic-identities.js';
import { bestBalancedAccuracy, valAtFar } from './validation-metric.js';

// One latent face per photo (32-d: identity + shared nuisance + noise, 10 sibling pairs), seen by two
// "models" that are noisy linear views of it: accurate = normalize(A u + 0.1 ε) in 128-d,
// fast = normalize(B u + 0.5 ε) in 192-d. Identities 0–29 train, 30–39 validate, 40–59 test.
const m = 32;
const latent = syntheticFaces({
  dim: m,
  people: 60,
  facesPerPerson: [6, 12],
  siblingPairs: 10,
  siblingDistance: 0.5,
  nuisanceDims: 4,
  nuisanceScale: 0.3,
  noise: 0.08,
  seed: 5,
});
const random = mulberry32(99);
function linearView(dim: number, noise: number): (u: Float32Array) => Float32Array {
  const rows = Array.from({ length: dim }, () => gaussianVector(random, m));
  return (u) =>
    Float32Array.from(
      normalized(Float64Array.from(rows, (row) => row.reduce((s, w, k) => s + w * u[k]!, 0) + noise * randomGaussian(random))),
    );
}
const accurateModel = linearView(128, 0.1);
const fastModel = linearView(192, 0.5);
const all: PairedEmbeddings = {
  fast: latent.embeddings.map(fastModel),
  accurate: latent.embeddings.map(accurateModel),
  labels: latent.labels,
};
function people(from: number, to: number): PairedEmbeddings {
  const idx = [...latent.labels.keys()].filter((i) => all.labels[i]! >= from && all.labels[i]! < to);
  return {
    fast: idx.map((i) => all.fast[i]!),
    accurate: idx.map((i) => all.accurate[i]!),
    labels: Int32Array.from(idx, (i) => all.labels[i]!),
  };
}
const [train, validation, test] = [people(0, 30), people(30, 40), people(40, 60)];

/** Cross-model verification on the test identities (never used for fitting or stopping). */
function score(head: EmbeddingHead): { accuracy: number; val: number; auc: number } {
  const p = crossModelPairs(head, test);
  const v = valAtFar(p.same, p.different);
  return { accuracy: bestBalancedAccuracy(p.same, p.different), val: v.val, auc: v.auc };
}
const fmt = (s: { accuracy: number; val: number; auc: number }) =>
  `accuracy ${s.accuracy.toFixed(4)}, VAL@FAR=1e-3 ${s.val.toFixed(3)}, AUC ${s.auc.toFixed(4)}`;

describe('harmonic mapping fast (192-d) → accurate (128-d)', () => {
  it('least squares beats a random map, triplet training beats least squares (on unseen people)', async () => {
    const randomMap = EmbeddingHead.linear(192, 128, gaussianVector(mulberry32(3), 128 * 192));
    const ls = leastSquaresMapping(train);
    const result = await trainHarmonicMapping({
      ...train,
      validation,
      options: { epochs: 30, P: 16, K: 4, lr: 3e-3, margin: 0.2, mining: 'semi-hard', seed: 1, earlyStoppingPatience: 10 },
    });
    const [r, l, t] = [score(randomMap), score(ls), score(result.head)];
    // Reference: the accurate model against itself on the same pairs (no mapping involved).
    const self = crossModelPairs(EmbeddingHead.identity(128), { ...test, fast: test.accurate });
    const ref = { accuracy: bestBalancedAccuracy(self.same, self.different), ...valAtFar(self.same, self.different) };
    console.log(
      `cross-model verification on ${test.labels.length} faces of 20 unseen people:\n` +
        `  random map   ${fmt(r)}\n  least squares ${fmt(l)}\n  trained      ${fmt(t)} (epoch ${result.bestEpoch})\n` +
        `  (accurate vs accurate: ${fmt(ref)})`,
    );
    expect(r.accuracy).toBeLessThan(0.6);
    expect(l.accuracy).toBeGreaterThan(0.85);
    expect(t.accuracy).toBeGreaterThan(l.accuracy);
    expect(t.val).toBeGreaterThan(l.val + 0.1);
    expect(result.bestEpoch).toBeGreaterThan(0);
    expect([result.head.inputDim, result.head.outputDim]).toEqual([192, 128]);
  });

  it('epoch 0 is the least-squares map, and a fixed seed is deterministic', async () => {
    const options = { epochs: 2, P: 8, K: 4, lr: 3e-3, margin: 0.2, mining: 'batch-hard' as const, seed: 9, earlyStoppingPatience: 5, regressionWeight: 1 };
    const [a, b] = await Promise.all([1, 2].map(() => trainHarmonicMapping({ ...train, validation, options })));
    expect(JSON.stringify(a!.head.serialize())).toBe(JSON.stringify(b!.head.serialize()));
    const p = crossModelPairs(leastSquaresMapping(train), validation);
    expect(a!.history[0]!.val).toBe(valAtFar(p.same, p.different).val);
  });
});
