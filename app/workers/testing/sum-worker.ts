// A worker for the pool's own tests: sums a Float64Array, fails on request, crashes its thread, or counts slowly
// (reporting progress and stopping when cancelled).
import { serveWorkerTasks } from '../worker-task.js';

type Payload = { values: Float64Array; fail?: boolean; crash?: boolean; slowSteps?: number };

serveWorkerTasks<Payload, { sum: number; threadId: number }>(async ({ values, fail, crash, slowSteps }, { signal, progress }) => {
  if (crash) process.exit(3);
  if (fail) throw new Error('asked to fail');
  for (let step = 1; step <= (slowSteps ?? 0); step++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (signal.aborted) throw new Error('stopped at step ' + step);
    progress(step);
  }
  const { threadId } = await import('node:worker_threads');
  return { result: { sum: values.reduce((a, b) => a + b, 0), threadId } };
});
