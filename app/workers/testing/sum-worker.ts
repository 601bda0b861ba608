// A worker for the pool's own tests: sums a Float64Array, fails on request, crashes its thread, or counts step by step
// (reporting progress and stopping when cancelled). With `untilCancelled`, it reports step 1 and then waits for the
// cancellation itself before going on, so a test sees the stop at step 2 however slowly the cancel message arrives.
import { serveWorkerTasks } from '../worker-task.js';

type Payload = { values: Float64Array; fail?: boolean; crash?: boolean; slowSteps?: number; untilCancelled?: boolean };

/** Resolves once `signal` is aborted (at once if it already is). */
const cancelled = (signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });

serveWorkerTasks<Payload, { sum: number; threadId: number }>(async ({ values, fail, crash, slowSteps, untilCancelled }, { signal, progress }) => {
  if (crash) process.exit(3);
  if (fail) throw new Error('asked to fail');
  for (let step = 1; step <= (slowSteps ?? 0); step++) {
    // Yield to the event loop between steps, so a cancel message is handled; or, told to, wait for it after step 1.
    if (untilCancelled && step > 1) await cancelled(signal);
    else await new Promise((resolve) => setImmediate(resolve));
    if (signal.aborted) throw new Error('stopped at step ' + step);
    progress(step);
  }
  const { threadId } = await import('node:worker_threads');
  return { result: { sum: values.reduce((a, b) => a + b, 0), threadId } };
});
