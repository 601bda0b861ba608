// A worker for the pool's own tests: sums a Float64Array, fails on request, or crashes its thread.
import { serveWorkerTasks } from '../worker-task.js';

type Payload = { values: Float64Array; fail?: boolean; crash?: boolean };

serveWorkerTasks<Payload, { sum: number; threadId: number }>(async ({ values, fail, crash }) => {
  if (crash) process.exit(3);
  if (fail) throw new Error('asked to fail');
  const { threadId } = await import('node:worker_threads');
  return { result: { sum: values.reduce((a, b) => a + b, 0), threadId } };
});
