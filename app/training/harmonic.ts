import { EmbeddingHead } from './embedding-head.js';
import { crossModelPairs, leastSquaresMapping, trainHarmonicMapping, type PairedEmbeddings } from './harmonic-mapping.js';
import { splitByPerson } from './split-by-person.js';
import type { LabeledFaceSet } from './labeled-face-set.js';
import type { EpochRecord } from './trainer.js';
import { bestBalancedAccuracy, valAtFar } from './validation-metric.js';

/** Cross-model verification on the validation split: fast-model faces (mapped) against accurate-model faces. */
export interface CrossModelMetrics {
  balancedAccuracy: number;
  val: number;
  far: number;
  auc: number;
}

export interface HarmonicResult {
  head: EmbeddingHead;
  history: EpochRecord[];
  bestEpoch: number;
  /** The least-squares map alone (the starting point: the spaces cannot be compared at all without a map). */
  leastSquares: CrossModelMetrics;
  after: CrossModelMetrics;
}

/**
 * Learns a map from the fast model's space into the accurate model's on the same faces embedded by both, with the
 * triplet loss across models (anchors mapped from fast, positives and negatives from accurate), started from the
 * least-squares map; early stopping on cross-model VAL of a per-person validation split.
 */
export async function trainHarmonic(
  fast: LabeledFaceSet,
  accurate: LabeledFaceSet,
  options: { epochs?: number; seed?: number; signal?: AbortSignal; onEpoch?: (r: EpochRecord) => void } = {},
): Promise<HarmonicResult> {
  if (fast.embeddings.length !== accurate.embeddings.length) throw new Error('both models must embed the same faces');
  const seed = options.seed ?? 1;
  const split = splitByPerson(fast.labels, { fraction: 0.2, minFaces: 3, seed });
  const pick = (idx: Int32Array): PairedEmbeddings & { labels: number[] } => ({
    fast: Array.from(idx, (i) => fast.embeddings[i]!),
    accurate: Array.from(idx, (i) => accurate.embeddings[i]!),
    labels: Array.from(idx, (i) => fast.labels[i]!),
  });
  const train = pick(split.train);
  const validation = pick(split.validation);
  const result = await trainHarmonicMapping({
    ...train,
    validation,
    options: { epochs: options.epochs ?? 40, P: 32, K: 4, lr: 1e-3, margin: 0.2, mining: 'semi-hard', seed, earlyStoppingPatience: 10 },
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (_e, _l, _v, record) => options.onEpoch?.(record),
  });
  const measure = (head: EmbeddingHead): CrossModelMetrics => {
    const pairs = crossModelPairs(head, validation);
    const m = valAtFar(pairs.same, pairs.different);
    return { balancedAccuracy: bestBalancedAccuracy(pairs.same, pairs.different), val: m.val, far: m.far, auc: m.auc };
  };
  return {
    head: result.head,
    history: [...result.history],
    bestEpoch: result.bestEpoch,
    leastSquares: measure(leastSquaresMapping(train)),
    after: measure(result.head),
  };
}
