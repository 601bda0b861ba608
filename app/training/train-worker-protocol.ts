import type { SerializedHead } from './embedding-head.js';
import type { EpochRecord, TrainerOptions } from './trainer.js';

/** A fine-tuning run for the training worker (embeddings as flat float32 rows, transferred, not copied). */
export interface TrainTask {
  dim: number;
  train: { rows: Float32Array; labels: number[] };
  validation: { rows: Float32Array; labels: number[] };
  options: TrainerOptions;
}

export interface TrainTaskResult {
  head: SerializedHead;
  history: EpochRecord[];
  bestEpoch: number;
}
