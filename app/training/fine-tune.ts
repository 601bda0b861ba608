import { WorkerPool } from '../workers/worker-pool.js';
import { bestAccuracyThreshold, rocAuc, thresholdAtFar } from '../eval/verification-metrics.js';
import { EmbeddingHead } from './embedding-head.js';
import { packRows } from './pairwise-distances.js';
import { shrinkTowardIdentity } from './shrink-head.js';
import { splitByPerson } from './split-by-person.js';
import type { LabeledFaceSet } from './labeled-face-set.js';
import type { EpochRecord, TrainerOptions } from './trainer.js';
import type { TrainTask, TrainTaskResult } from './train-worker-protocol.js';
import { verificationPairs } from './validation-metric.js';

const WORKER_URL = new URL(`./train-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** FaceNet's settings, with batches sized for a family's library. */
export const DEFAULT_TRAINER_OPTIONS: TrainerOptions = {
  epochs: 40,
  P: 32,
  K: 4,
  lr: 1e-3,
  margin: 0.2,
  mining: 'semi-hard',
  seed: 1,
  earlyStoppingPatience: 10,
};

/**
 * How much of the trained change is kept (see shrink-head.ts). Measured with celeb5 as the labeled album: the full
 * head (1) lifts celeb5 but costs people it never saw (bbt −1.2 to −1.9 pt); 0.25 keeps most of the gain on the
 * trained people and leaves unseen people where the frozen model had them.
 */
export const DEFAULT_SHRINKAGE = 0.25;

/** Verification on the validation split, before (frozen model) and after (trained head). */
export interface SplitMetrics {
  accuracy: number;
  val: number;
  far: number;
  auc: number;
}

export interface FineTuneResult {
  head: EmbeddingHead;
  history: EpochRecord[];
  bestEpoch: number;
  before: SplitMetrics;
  after: SplitMetrics;
  /** Re-calibrated on the validation split with the head applied. */
  thresholds: { verify: number; auto: number };
  trainFaces: number;
  validationFaces: number;
  people: number;
}

/**
 * Fine-tunes a head on labeled faces with the triplet loss, in a worker thread: a per-person validation split is
 * held out (early stopping on VAL at FAR 1e-3), and the head's thresholds are re-calibrated on that split.
 */
export async function fineTune(
  data: LabeledFaceSet,
  options: Partial<TrainerOptions> & { signal?: AbortSignal; onEpoch?: (record: EpochRecord) => void; shrinkage?: number } = {},
): Promise<FineTuneResult> {
  const { signal, onEpoch, shrinkage = DEFAULT_SHRINKAGE, ...overrides } = options;
  const trainerOptions: TrainerOptions = { ...DEFAULT_TRAINER_OPTIONS, ...overrides };
  const dim = data.embeddings[0]?.length ?? 0;
  if (dim === 0) throw new Error('nothing to train on: no labeled faces');
  const split = splitByPerson(data.labels, { fraction: 0.2, minFaces: 3, seed: trainerOptions.seed });
  const pick = (idx: Int32Array) => ({
    rows: flatten(Array.from(idx, (i) => data.embeddings[i]!), dim),
    labels: Array.from(idx, (i) => data.labels[i]!),
  });
  const task: TrainTask = { dim, train: pick(split.train), validation: pick(split.validation), options: trainerOptions };
  if (new Set(task.train.labels).size < 2) throw new Error('training needs at least two people with two or more faces each');

  // The trainer reports every epoch: half an hour without a word is a hung worker, not a slow epoch.
  const pool = new WorkerPool<TrainTask, TrainTaskResult>(WORKER_URL, 1, undefined, { taskTimeoutMs: 30 * 60_000 });
  let result: TrainTaskResult;
  try {
    result = await pool.run(task, {
      transfer: [task.train.rows.buffer as ArrayBuffer, task.validation.rows.buffer as ArrayBuffer],
      onProgress: (record) => onEpoch?.(record as EpochRecord),
      ...(signal ? { signal } : {}),
    });
  } finally {
    await pool.close();
  }
  const head = shrinkTowardIdentity(EmbeddingHead.deserialize(result.head), shrinkage);
  // The task's arrays were transferred: measure on fresh copies.
  const train = pick(split.train);
  const validation = pick(split.validation);
  const before = splitMetrics(validation, train, dim);
  const project = (rows: Float32Array) => flatten(head.apply(unflatten(rows, dim)), dim);
  const after = splitMetrics({ ...validation, rows: project(validation.rows) }, { ...train, rows: project(train.rows) }, dim);
  return {
    head,
    history: result.history,
    bestEpoch: result.bestEpoch,
    before: before.metrics,
    after: after.metrics,
    thresholds: after.thresholds,
    trainFaces: split.train.length,
    validationFaces: split.validation.length,
    people: new Set(data.labels).size,
  };
}

/** Validation-vs-all pairs (as the trainer's early stopping uses): accuracy at the best threshold, VAL@1e-3, AUC. */
function splitMetrics(
  validation: { rows: Float32Array; labels: number[] },
  train: { rows: Float32Array; labels: number[] },
  dim: number,
): { metrics: SplitMetrics; thresholds: { verify: number; auto: number } } {
  const pairs = verificationPairs(packRows(unflatten(validation.rows, dim), dim), validation.labels, dim, {
    rows: packRows(unflatten(train.rows, dim), dim),
    labels: train.labels,
  });
  const distances = [...Array.from(pairs.same, Math.sqrt), ...Array.from(pairs.different, Math.sqrt)];
  const labels = [...Array.from(pairs.same, () => true), ...Array.from(pairs.different, () => false)];
  const best = bestAccuracyThreshold(distances, labels);
  const far = Math.max(1e-3, 1 / Math.max(1, pairs.different.length));
  const atFar = thresholdAtFar(distances, labels, far);
  const auc = rocAuc(distances, labels);
  return {
    metrics: { accuracy: best.accuracy, val: atFar.val, far: atFar.far, auc },
    thresholds: { verify: best.threshold, auto: Math.min(atFar.threshold, best.threshold) },
  };
}

function flatten(vectors: readonly Float32Array[], dim: number): Float32Array {
  const out = new Float32Array(vectors.length * dim);
  vectors.forEach((v, i) => out.set(v, i * dim));
  return out;
}

function unflatten(rows: Float32Array, dim: number): Float32Array[] {
  return Array.from({ length: rows.length / dim }, (_, i) => rows.subarray(i * dim, (i + 1) * dim));
}
