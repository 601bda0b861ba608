/**
 * The fine-tuning loop, a pure function of its inputs: frozen embeddings + person labels in, a trained
 * head out. Per epoch: P×K batches (seeded) → head forward → pairwise squared distances → online mining
 * → triplet loss → backward → Adam. After each epoch the validation VAL at FAR = 1e-3 is measured; the
 * head of the best epoch is returned (epoch 0 is the untrained head, so the result is never worse than
 * the frozen model on validation), and training stops after `earlyStoppingPatience` epochs without
 * improvement. VAL is coarse with few pairs, so equal VALs are ordered by pair AUC. Without validation
 * pairs (no same or no different pair) early stopping is off and the last epoch is returned.
 *
 * Determinism: all randomness comes from `seed`, all arithmetic is float64 in a fixed order, so the
 * same inputs give bit-identical heads. Cancellation: `signal` is checked before every batch (an abort
 * rejects with `signal.reason`). The loop yields to the event loop every `yieldEveryMs`.
 */
import { Adam } from './adam.js';
import { BatchSampler } from './batch-sampler.js';
import { EmbeddingHead } from './embedding-head.js';
import { packRows, squaredDistances } from './pairwise-distances.js';
import { combinedGradient, tripletLoss } from './triplet-loss.js';
import { mineTriplets, type MiningStrategy, type SemiHardFallback } from './triplet-mining.js';
import { valAtFar, verificationPairs } from './validation-metric.js';

export type HeadSpec = { readonly kind: 'linear' } | { readonly kind: 'residual-mlp'; readonly hiddenDim: number };

export interface TrainerOptions {
  readonly epochs: number;
  readonly P: number;
  readonly K: number;
  readonly lr: number;
  /** α; FaceNet uses 0.2. */
  readonly margin: number;
  readonly mining: MiningStrategy;
  /** semi-hard only, default 'least-hard' (see triplet-mining.ts). */
  readonly semiHardFallback?: SemiHardFallback;
  readonly seed: number;
  readonly earlyStoppingPatience: number;
  /** Default linear. */
  readonly head?: HeadSpec;
  /** λ of the decay toward the initial (identity) head; default 0. See adam.ts. */
  readonly weightDecay?: number;
  /** Default 1e-3. */
  readonly targetFar?: number;
  /**
   * 'validation-vs-all' (default): pairs among validation faces and between validation and training
   * faces — with 20 % held out most people have only 1–2 validation faces, so pairs inside the split
   * alone are too few. 'within-validation': only pairs inside the split (fully unseen, needs more data).
   */
  readonly validationPairs?: 'validation-vs-all' | 'within-validation';
  /** Default 10 ms. */
  readonly yieldEveryMs?: number;
}

export interface LabeledEmbeddings {
  /** Unit vectors, all of one model (same length). */
  readonly embeddings: readonly Float32Array[];
  /** Person id per embedding. */
  readonly labels: ArrayLike<number>;
}

export interface TrainInput extends LabeledEmbeddings {
  readonly validation: LabeledEmbeddings;
  readonly options: TrainerOptions;
  readonly onProgress?: (epoch: number, loss: number, valMetric: number, record: EpochRecord) => void;
  readonly signal?: AbortSignal;
}

export interface EpochRecord {
  /** 0 = the untrained head (no loss). */
  readonly epoch: number;
  /** Mean batch loss over the epoch (NaN for epoch 0). */
  readonly loss: number;
  /** Mined triplets in the epoch and the share of them with a positive hinge. */
  readonly triplets: number;
  readonly activeFraction: number;
  /** VAL at the effective target FAR (NaN when validation has no same or no different pairs). */
  readonly val: number;
  readonly far: number;
  readonly auc: number;
}

export interface TrainResult {
  /** The head of `bestEpoch`, parameters rounded to float32 (what storage keeps). */
  readonly head: EmbeddingHead;
  readonly history: readonly EpochRecord[];
  readonly bestEpoch: number;
}

export async function trainHead(input: TrainInput): Promise<TrainResult> {
  const { options, signal } = input;
  const dim = input.embeddings[0]?.length ?? 0;
  if (dim === 0) throw new Error('no training embeddings');
  if (input.labels.length !== input.embeddings.length) throw new Error('one label per embedding');
  const x = packRows(input.embeddings, dim);
  const valX = packRows(input.validation.embeddings, dim);
  const spec = options.head ?? { kind: 'linear' };
  const head =
    spec.kind === 'linear' ? EmbeddingHead.identity(dim) : EmbeddingHead.residualMlp(dim, spec.hiddenDim, options.seed + 1);
  const sampler = new BatchSampler(input.labels, { P: options.P, K: options.K, seed: options.seed });
  if (sampler.batchesPerEpoch === 0) throw new Error('training needs one person with ≥ 2 faces and two people');
  const adam = new Adam(head.params.length, {
    lr: options.lr,
    weightDecay: options.weightDecay ?? 0,
    decayTarget: head.params,
  });
  const yieldEveryMs = options.yieldEveryMs ?? 10;
  let lastYield = Date.now();

  const evaluate = (epoch: number, loss: number, triplets: number, active: number): EpochRecord => {
    const valF = head.forward(valX, input.validation.labels.length).outputs;
    const gallery =
      (options.validationPairs ?? 'validation-vs-all') === 'validation-vs-all'
        ? { rows: head.forward(x, input.labels.length).outputs, labels: input.labels }
        : undefined;
    const pairs = verificationPairs(valF, input.validation.labels, head.outputDim, gallery);
    const m = valAtFar(pairs.same, pairs.different, options.targetFar ?? 1e-3);
    return { epoch, loss, triplets, activeFraction: triplets ? active / triplets : 0, val: m.val, far: m.far, auc: m.auc };
  };

  const history: EpochRecord[] = [evaluate(0, NaN, 0, 0)];
  let best = { epoch: 0, record: history[0]!, params: head.params.slice() };
  let sinceBest = 0;
  // No same or no different validation pairs: nothing to stop on, so keep the last epoch.
  const canValidate = !Number.isNaN(history[0]!.auc);

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    let lossSum = 0;
    let lossBatches = 0;
    let triplets = 0;
    let active = 0;
    for (const batch of sampler.epoch()) {
      signal?.throwIfAborted();
      if (Date.now() - lastYield >= yieldEveryMs) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = Date.now();
        signal?.throwIfAborted();
      }
      const n = batch.length;
      const bx = new Float64Array(n * dim);
      const labels = new Int32Array(n);
      batch.forEach((i, r) => {
        bx.set(x.subarray(i * dim, (i + 1) * dim), r * dim);
        labels[r] = input.labels[i]!;
      });
      const fw = head.forward(bx, n);
      const dist = squaredDistances(fw.outputs, n, fw.outputs, n, head.outputDim);
      const mined = mineTriplets(dist, labels, labels, {
        strategy: options.mining,
        margin: options.margin,
        fallback: options.semiHardFallback ?? 'least-hard',
        excludeSelf: true,
      });
      if (mined.count === 0) continue;
      const result = tripletLoss(fw.outputs, fw.outputs, head.outputDim, mined, options.margin);
      lossSum += result.loss;
      lossBatches++;
      triplets += mined.count;
      active += result.active;
      if (result.active > 0) adam.step(head.params, head.backward(fw, combinedGradient(result)));
    }
    const record = evaluate(epoch, lossBatches ? lossSum / lossBatches : 0, triplets, active);
    history.push(record);
    input.onProgress?.(epoch, record.loss, record.val, record);
    if (!canValidate || isBetter(record, best.record)) {
      best = { epoch, record, params: head.params.slice() };
      sinceBest = 0;
    } else if (++sinceBest >= options.earlyStoppingPatience) {
      break;
    }
  }
  head.params.set(best.params);
  return { head: head.clone().roundToFloat32(), history, bestEpoch: best.epoch };
}

/** Higher VAL wins; equal VAL (common: it moves in steps of 1/|same pairs|) falls back to AUC. */
function isBetter(a: EpochRecord, b: EpochRecord): boolean {
  if (a.val !== b.val) return a.val > b.val;
  return a.auc > b.auc;
}
