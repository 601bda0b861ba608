import { describe, expect, it } from 'vitest';
import { packRows } from './pairwise-distances.js';
import { splitByPerson } from './split-by-person.js';
import { syntheticFaces } from './synthetic-identities.js';
import { trainHead, type LabeledEmbeddings, type TrainerOptions } from './trainer.js';
import { valAtFar, verificationPairs } from './validation-metric.js';

// 60 people, 6–16 faces each, the first 8 pairs siblings (close centres), 6 shared nuisance directions.
// People 0–39 are trained on (with a held-out split per person); 40–59 are never seen in training.
const data = syntheticFaces({
  dim: 128,
  people: 60,
  facesPerPerson: [6, 16],
  siblingPairs: 8,
  siblingDistance: 0.5,
  nuisanceDims: 6,
  nuisanceScale: 0.35,
  noise: 0.05,
  seed: 1,
});
const known = Int32Array.from([...data.labels.keys()].filter((i) => data.labels[i]! < 40));
const unseen = Int32Array.from([...data.labels.keys()].filter((i) => data.labels[i]! >= 40));
const split = splitByPerson(
  Int32Array.from(known, (i) => data.labels[i]!),
  { seed: 7 },
);
const pick = (idx: Int32Array): LabeledEmbeddings => ({
  embeddings: [...idx].map((i) => data.embeddings[i]!),
  labels: Int32Array.from(idx, (i) => data.labels[i]!),
});
const train = pick(Int32Array.from(split.train, (j) => known[j]!));
const validation = pick(Int32Array.from(split.validation, (j) => known[j]!));
const unseenPeople = pick(unseen);

/** VAL at FAR = 1e-3 over the pairs inside one set, after a head. */
function valWithin(set: LabeledEmbeddings, apply: (v: readonly Float32Array[]) => Float32Array[]): number {
  const pairs = verificationPairs(packRows(apply(set.embeddings), 128), set.labels, 128);
  return valAtFar(pairs.same, pairs.different).val;
}
const base: TrainerOptions = {
  epochs: 40,
  P: 16,
  K: 4,
  lr: 1e-2,
  margin: 0.2,
  mining: 'semi-hard',
  seed: 42,
  earlyStoppingPatience: 8,
};

describe('trainHead', () => {
  it('improves validation VAL at FAR = 1e-3 (semi-hard, linear head) and returns the best epoch', async () => {
    const seen: number[] = [];
    const r = await trainHead({ ...train, validation, options: base, onProgress: (e) => seen.push(e) });
    const before = r.history[0]!;
    const best = r.history[r.bestEpoch]!;
    console.log(
      `semi-hard linear: ${train.labels.length} train / ${validation.labels.length} val faces; VAL@FAR≤${best.far.toFixed(4)}`,
      `${before.val.toFixed(3)} → ${best.val.toFixed(3)} (epoch ${r.bestEpoch} of ${r.history.length - 1}), AUC ${before.auc.toFixed(4)} → ${best.auc.toFixed(4)}`,
    );
    expect(best.val).toBeGreaterThan(before.val + 0.4);
    expect(best.auc).toBeGreaterThan(before.auc);
    expect(seen).toEqual(r.history.slice(1).map((h) => h.epoch));
    expect(r.history.every((h) => h.val <= best.val)).toBe(true);
    // The returned head really is the best one: re-measure VAL with it.
    const out = packRows(r.head.apply(validation.embeddings), 128);
    const gallery = { rows: packRows(r.head.apply(train.embeddings), 128), labels: train.labels };
    const pairs = verificationPairs(out, validation.labels, 128, gallery);
    expect(valAtFar(pairs.same, pairs.different).val).toBeCloseTo(best.val, 2);
    // Generalisation: pairs among held-out faces only, and among 20 people training never saw.
    const identity = (v: readonly Float32Array[]) => v.slice();
    const heldOut = [valWithin(validation, identity), valWithin(validation, (v) => r.head.apply(v))];
    const strangers = [valWithin(unseenPeople, identity), valWithin(unseenPeople, (v) => r.head.apply(v))];
    console.log(`  held-out pairs only: VAL ${heldOut[0]!.toFixed(3)} → ${heldOut[1]!.toFixed(3)}; unseen people: ${strangers[0]!.toFixed(3)} → ${strangers[1]!.toFixed(3)}`);
    expect(heldOut[1]).toBeGreaterThan(heldOut[0]!);
    expect(strangers[1]).toBeGreaterThan(strangers[0]! + 0.2);
  });

  it('improves VAL with batch-hard mining and a residual MLP head too', async () => {
    const r = await trainHead({
      ...train,
      validation,
      options: { ...base, epochs: 25, earlyStoppingPatience: 10, mining: 'batch-hard', head: { kind: 'residual-mlp', hiddenDim: 64 } },
    });
    const [before, best] = [r.history[0]!, r.history[r.bestEpoch]!];
    console.log(`batch-hard residual-mlp: VAL ${before.val.toFixed(3)} → ${best.val.toFixed(3)} (epoch ${r.bestEpoch})`);
    expect(r.head.kind).toBe('residual-mlp');
    expect(best.val).toBeGreaterThan(before.val + 0.3);
  });

  it('a fixed seed gives bit-identical heads and histories; another seed does not', async () => {
    const options = { ...base, epochs: 4 };
    const run = (seed: number) => trainHead({ ...train, validation, options: { ...options, seed } });
    const [a, b, c] = await Promise.all([run(3), run(3), run(4)]);
    expect(JSON.stringify(a.head.serialize())).toBe(JSON.stringify(b.head.serialize()));
    expect(a.history).toEqual(b.history);
    expect(Buffer.from(a.head.params.buffer).equals(Buffer.from(b.head.params.buffer))).toBe(true);
    expect(JSON.stringify(a.head.serialize())).not.toBe(JSON.stringify(c.head.serialize()));
  });

  it('cancellation stops promptly, between batches, and the loop yields so a timer can fire', async () => {
    const controller = new AbortController();
    let epochs = 0;
    let epochsWhenAborted = -1;
    // Aborts once training is under way; the timer can only fire if the training loop yields.
    setTimeout(() => {
      epochsWhenAborted = epochs;
      controller.abort();
    }, 100);
    const run = trainHead({
      ...train,
      validation,
      options: { ...base, epochs: 10_000, earlyStoppingPatience: 10_000 },
      onProgress: () => epochs++,
      signal: controller.signal,
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(epochsWhenAborted).toBeGreaterThanOrEqual(0); // the timer fired while training ran: the loop yielded
    // Counted in work, not wall-clock time (the machine may be loaded): at most the epoch in progress finishes.
    expect(epochs - epochsWhenAborted).toBeLessThanOrEqual(1);
  });

  it('an already aborted signal rejects before any work', async () => {
    const signal = AbortSignal.abort();
    await expect(trainHead({ ...train, validation, options: base, signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('without validation pairs (one held-out face, pairs within validation only), early stopping is off and the last epoch is returned', async () => {
    const lone = { embeddings: validation.embeddings.slice(0, 1), labels: Array.from(validation.labels).slice(0, 1) };
    const r = await trainHead({ ...train, validation: lone, options: { ...base, epochs: 3, validationPairs: 'within-validation' } });
    expect(r.history[0]!.val).toBeNaN();
    expect(r.bestEpoch).toBe(3);
  });
});
