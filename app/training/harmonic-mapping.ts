/**
 * A "harmonic" mapping from the fast model's embedding space into the accurate model's, so a face
 * embedded only by the fast model can be compared with the library's accurate embeddings:
 *   map(x) = normalize(W x + b),  W: d_dst × d_src (e.g. 128 × 192)
 *
 * Trained on faces embedded by both models. It starts from the ridge least-squares solution of
 * W x_fast + b ≈ x_acc and is then refined with cross-model triplets: anchors are mapped fast
 * embeddings, positives and negatives are accurate embeddings of the same / other people (the same face
 * seen by the accurate model is a valid positive). Only the anchors carry a gradient; the accurate space
 * is fixed. An optional regression term  μ · mean ‖map(x_fast) − x_acc‖²  keeps the two spaces aligned
 * face by face, not only person by person.
 *
 * Like `trainHead`, the best epoch by cross-model validation VAL is returned, epoch 0 being the
 * least-squares map.
 */
import { Adam } from './adam.js';
import { BatchSampler } from './batch-sampler.js';
import { EmbeddingHead } from './embedding-head.js';
import { packRows, squaredDistances } from './pairwise-distances.js';
import { ridgeRegression } from './ridge-regression.js';
import type { EpochRecord, TrainResult, TrainerOptions } from './trainer.js';
import { tripletLoss } from './triplet-loss.js';
import { mineTriplets } from './triplet-mining.js';
import { valAtFar } from './validation-metric.js';

/** The same faces embedded by both models, in the same order. */
export interface PairedEmbeddings {
  readonly fast: readonly Float32Array[];
  readonly accurate: readonly Float32Array[];
  readonly labels: ArrayLike<number>;
}

export interface HarmonicOptions extends Omit<TrainerOptions, 'head' | 'validationPairs' | 'weightDecay'> {
  /** μ of the regression term; default 0.1 (0 = triplets only). */
  readonly regressionWeight?: number;
  /** λ of the least-squares initialisation; default 1e-2. */
  readonly ridge?: number;
}

export interface HarmonicInput extends PairedEmbeddings {
  readonly validation: PairedEmbeddings;
  readonly options: HarmonicOptions;
  readonly onProgress?: (epoch: number, loss: number, valMetric: number, record: EpochRecord) => void;
  readonly signal?: AbortSignal;
}

/** The ridge least-squares linear map fast → accurate, as a linear head (then normalised). */
export function leastSquaresMapping(data: PairedEmbeddings, ridge = 1e-2): EmbeddingHead {
  const n = data.fast.length;
  const dIn = data.fast[0]?.length ?? 0;
  const dOut = data.accurate[0]?.length ?? 0;
  if (n === 0 || data.accurate.length !== n) throw new Error('need the same faces embedded by both models');
  const { weights, bias } = ridgeRegression(packRows(data.fast, dIn), packRows(data.accurate, dOut), n, dIn, dOut, ridge);
  return EmbeddingHead.linear(dIn, dOut, weights, bias);
}

/**
 * Squared distances of the cross-model verification pairs (map(fast_i), accurate_j) for i ≠ j:
 * the same face under both models is left out, it would make "same" trivially easy.
 */
export function crossModelPairs(head: EmbeddingHead, data: PairedEmbeddings): { same: Float64Array; different: Float64Array } {
  const n = data.labels.length;
  const mapped = head.forward(packRows(data.fast, head.inputDim), n).outputs;
  const dist = squaredDistances(mapped, n, packRows(data.accurate, head.outputDim), n, head.outputDim);
  const same: number[] = [];
  const different: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i !== j) (data.labels[i] === data.labels[j] ? same : different).push(dist[i * n + j]!);
    }
  }
  return { same: Float64Array.from(same), different: Float64Array.from(different) };
}

export async function trainHarmonicMapping(input: HarmonicInput): Promise<TrainResult> {
  const { options, signal } = input;
  const head = leastSquaresMapping(input, options.ridge ?? 1e-2);
  const { inputDim: dIn, outputDim: dOut } = head;
  const fast = packRows(input.fast, dIn);
  const accurate = packRows(input.accurate, dOut);
  const mu = options.regressionWeight ?? 0.1;
  const sampler = new BatchSampler(input.labels, { P: options.P, K: options.K, seed: options.seed });
  if (sampler.batchesPerEpoch === 0) throw new Error('training needs one person with ≥ 2 faces and two people');
  const adam = new Adam(head.params.length, { lr: options.lr });
  const yieldEveryMs = options.yieldEveryMs ?? 10;
  let lastYield = Date.now();

  const evaluate = (epoch: number, loss: number, triplets: number, active: number): EpochRecord => {
    const pairs = crossModelPairs(head, input.validation);
    const m = valAtFar(pairs.same, pairs.different, options.targetFar ?? 1e-3);
    return { epoch, loss, triplets, activeFraction: triplets ? active / triplets : 0, val: m.val, far: m.far, auc: m.auc };
  };
  const history: EpochRecord[] = [evaluate(0, NaN, 0, 0)];
  const canValidate = !Number.isNaN(history[0]!.auc);
  let best = { epoch: 0, record: history[0]!, params: head.params.slice() };
  let sinceBest = 0;

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    let lossSum = 0;
    let batches = 0;
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
      const bx = new Float64Array(n * dIn);
      const by = new Float64Array(n * dOut);
      const labels = new Int32Array(n);
      batch.forEach((i, r) => {
        bx.set(fast.subarray(i * dIn, (i + 1) * dIn), r * dIn);
        by.set(accurate.subarray(i * dOut, (i + 1) * dOut), r * dOut);
        labels[r] = input.labels[i]!;
      });
      const fw = head.forward(bx, n);
      const dist = squaredDistances(fw.outputs, n, by, n, dOut);
      const mined = mineTriplets(dist, labels, labels, {
        strategy: options.mining,
        margin: options.margin,
        fallback: options.semiHardFallback ?? 'least-hard',
        excludeSelf: false,
      });
      const result = tripletLoss(fw.outputs, by, dOut, mined, options.margin);
      const grad = result.gradAnchors;
      let loss = result.loss;
      if (mu > 0) {
        for (let k = 0; k < n * dOut; k++) {
          const e = fw.outputs[k]! - by[k]!;
          loss += (mu / n) * e * e;
          grad[k]! += ((2 * mu) / n) * e;
        }
      }
      lossSum += loss;
      batches++;
      triplets += mined.count;
      active += result.active;
      adam.step(head.params, head.backward(fw, grad));
    }
    const record = evaluate(epoch, batches ? lossSum / batches : 0, triplets, active);
    history.push(record);
    input.onProgress?.(epoch, record.loss, record.val, record);
    const better = record.val > best.record.val || (record.val === best.record.val && record.auc > best.record.auc);
    if (!canValidate || better) {
      best = { epoch, record, params: head.params.slice() };
      sinceBest = 0;
    } else if (++sinceBest >= options.earlyStoppingPatience) {
      break;
    }
  }
  head.params.set(best.params);
  return { head: head.clone().roundToFloat32(), history, bestEpoch: best.epoch };
}
