// The training worker: runs the triplet-loss trainer off the main thread, reporting each epoch.
import { serveWorkerTasks } from '../workers/worker-task.js';
import { trainHead } from './trainer.js';
import type { TrainTask, TrainTaskResult } from './train-worker-protocol.js';

const unpack = (rows: Float32Array, dim: number): Float32Array[] =>
  Array.from({ length: rows.length / dim }, (_, i) => rows.subarray(i * dim, (i + 1) * dim));

serveWorkerTasks<TrainTask, TrainTaskResult>(async (task, { signal, progress }) => {
  const result = await trainHead({
    embeddings: unpack(task.train.rows, task.dim),
    labels: task.train.labels,
    validation: { embeddings: unpack(task.validation.rows, task.dim), labels: task.validation.labels },
    options: task.options,
    signal,
    onProgress: (_epoch, _loss, _val, record) => progress(record),
  });
  return { result: { head: result.head.serialize(), history: [...result.history], bestEpoch: result.bestEpoch } };
});
