// A worker for the pool's own tests: sums a Float64Array, fails on request, crashes its thread (exiting, or with an
// uncaught error), hangs (reporting progress first, so a test knows it is stuck), or counts step by step (reporting
// progress and stopping when cancelled). With `untilCancelled`, it reports step 1 and then waits for the cancellation
// itself before going on, so a test sees the stop at step 2 however slowly the cancel message arrives.
// How it starts is up to the pool's workerData (SumWorkerStartup): it can count its starts, die while loading, or fail
// its setup for the first few starts. Tasks can also meet: each waits until a number of them run at once.
import { workerData } from 'node:worker_threads';
import { serveWorkerTasks } from '../worker-task.js';

export type SumPayload = {
  values: Float64Array;
  fail?: boolean;
  /** The code of the error `fail` throws (as a system error carries 'EIO'). */
  failCode?: string;
  crash?: boolean;
  throwUncaught?: boolean;
  hang?: boolean;
  slowSteps?: number;
  untilCancelled?: boolean;
  /** Go on counting (and reporting) when cancelled, as a task too busy to look at its signal would. */
  ignoreCancel?: boolean;
  /** Wait until `parties` tasks have arrived here (counted in `count`, an Int32Array over a SharedArrayBuffer). */
  meet?: { count: Int32Array; parties: number };
};
export type SumResult = { sum: number; threadId: number };

export interface SumWorkerStartup {
  /** Counts this module's starts across threads: an Int32Array of one element over a SharedArrayBuffer. */
  starts?: Int32Array;
  /** Throw this while loading: the thread dies before it serves anything. */
  crashOnLoad?: string;
  /** Fail the setup of the first `first` starts (as counted in `starts`) with `reason`. */
  failSetup?: { first: number; reason: string };
}

const startup = (workerData ?? {}) as SumWorkerStartup;
const start = startup.starts ? Atomics.add(startup.starts, 0, 1) + 1 : 1;
if (startup.crashOnLoad) throw new Error(startup.crashOnLoad);

/** Resolves once `signal` is aborted (at once if it already is). */
const cancelled = (signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });

// Atomics.waitAsync (Node 16+) is in TypeScript's es2024 lib, newer than this project's.
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number): { value: Promise<string> | string } }).waitAsync;

/** Arrives at a meeting and waits (without blocking the thread) until `parties` tasks, on any threads, have arrived. */
async function meeting(count: Int32Array, parties: number): Promise<void> {
  Atomics.add(count, 0, 1);
  Atomics.notify(count, 0);
  for (let seen = Atomics.load(count, 0); seen < parties; seen = Atomics.load(count, 0)) await waitAsync(count, 0, seen).value;
}

serveWorkerTasks<SumPayload, SumResult>(
  async ({ values, fail, failCode, crash, throwUncaught, hang, slowSteps, untilCancelled, ignoreCancel, meet }, { signal, progress }) => {
    if (crash) process.exit(3);
    if (throwUncaught) {
      setImmediate(() => {
        throw new Error('crashed on demand');
      });
      await cancelled(signal);
    }
    if (hang) {
      progress('hanging');
      // Stuck for good: the event loop never turns again, so not even a cancel message gets through.
      for (;;);
    }
    if (meet) await meeting(meet.count, meet.parties);
    if (fail) throw Object.assign(new Error('asked to fail'), failCode === undefined ? {} : { code: failCode });
    for (let step = 1; step <= (slowSteps ?? 0); step++) {
      // Yield to the event loop between steps, so a cancel message is handled; or, told to, wait for it after step 1.
      if (untilCancelled && step > 1) await cancelled(signal);
      else await new Promise((resolve) => setImmediate(resolve));
      if (signal.aborted && !ignoreCancel) throw new Error('stopped at step ' + step);
      progress(step);
    }
    const { threadId } = await import('node:worker_threads');
    return { result: { sum: values.reduce((a, b) => a + b, 0), threadId } };
  },
  {
    setup: async () => {
      if (startup.failSetup && start <= startup.failSetup.first) throw new Error(startup.failSetup.reason);
    },
  },
);
