import { afterEach, describe, expect, it, vi } from 'vitest';
import { TASK_CANCELLED, TASK_TIMED_OUT, WORKER_EXITED, WorkerPool, WorkerStartError, type WorkerPoolOptions } from './worker-pool.js';
import type { SumPayload, SumResult, SumWorkerStartup } from './testing/sum-worker.js';

type Payload = SumPayload;
type Result = SumResult;

const pools: WorkerPool<Payload, Result>[] = [];
afterEach(async () => {
  for (const p of pools.splice(0)) await p.close();
});
const makePool = (size: number, startup?: SumWorkerStartup, options?: WorkerPoolOptions) => {
  const pool = new WorkerPool<Payload, Result>(new URL('./testing/sum-worker.ts', import.meta.url), size, startup, options);
  pools.push(pool);
  return pool;
};
/** A start counter shared by every thread of a pool: how many workers loaded, counted by the workers themselves. */
const startCounter = () => new Int32Array(new SharedArrayBuffer(4));
/** Generous: the machine may be loaded; the conditions are what the tests wait for. */
const WAIT = { timeout: 30_000, interval: 20 };

describe('WorkerPool', () => {
  it('runs tasks on several worker threads and returns their results', async () => {
    const pool = makePool(2);
    // The first two tasks wait for each other: they can only finish by running at once, on the two threads.
    const meet = { count: new Int32Array(new SharedArrayBuffer(4)), parties: 2 };
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => pool.run({ values: Float64Array.from([i, i, 1]), ...(i < 2 ? { meet } : {}) })),
    );
    expect(results.map((r) => r.sum)).toEqual([1, 3, 5, 7, 9, 11, 13, 15]);
    expect(new Set(results.map((r) => r.threadId)).size).toBe(2);
  });

  it('transfers typed arrays instead of copying them', async () => {
    const pool = makePool(1);
    const values = Float64Array.from([1, 2, 3]);
    await expect(pool.run({ values }, [values.buffer])).resolves.toMatchObject({ sum: 6 });
    expect(values.byteLength).toBe(0); // moved to the worker
  });

  it('a failing task rejects with its message; a crashed worker is replaced', async () => {
    const pool = makePool(1);
    await expect(pool.run({ values: new Float64Array(1), fail: true })).rejects.toThrow('asked to fail');
    await expect(pool.run({ values: new Float64Array(1), crash: true })).rejects.toThrow(/exited with code 3/);
    await expect(pool.run({ values: Float64Array.from([2, 2]) })).resolves.toMatchObject({ sum: 4 });
  });

  it('relays progress from the worker and cancels a running task through its signal', async () => {
    const pool = makePool(1);
    const seen: unknown[] = [];
    await pool.run({ values: Float64Array.from([1]), slowSteps: 3 }, { onProgress: (p) => seen.push(p) });
    expect(seen).toEqual([1, 2, 3]);
    // The task reports step 1, is cancelled from its progress callback, and waits for that cancel before step 2: it
    // stops there, far short of its 10 000 steps, however long the cancel message takes to reach the worker.
    const controller = new AbortController();
    const running = pool.run(
      { values: new Float64Array(1), slowSteps: 10_000, untilCancelled: true },
      { signal: controller.signal, onProgress: () => controller.abort() },
    );
    await expect(running).rejects.toThrow(/stopped at step 2/);
  });

  it("carries a worker error's code across the thread", async () => {
    const pool = makePool(1);
    await expect(pool.run({ values: new Float64Array(1), fail: true, failCode: 'EIO' })).rejects.toMatchObject({ message: 'asked to fail', code: 'EIO' });
  });
});

describe('WorkerPool when workers die, hang or cannot start', () => {
  it('one crash costs one worker: its task fails and a single thread takes its place', async () => {
    const starts = startCounter();
    const pool = makePool(1, { starts });
    const first = await pool.run({ values: Float64Array.from([1]) });
    // An uncaught error: the thread reports 'error' and then 'exit'; only one replacement may come of it.
    await expect(pool.run({ values: new Float64Array(1), throwUncaught: true })).rejects.toMatchObject({ message: 'crashed on demand', code: WORKER_EXITED });
    const second = await pool.run({ values: Float64Array.from([2]) });
    expect(second.threadId).not.toBe(first.threadId);
    await vi.waitFor(() => expect(pool.liveThreads).toBe(1), WAIT);
    expect(pool.startedThreads).toBe(2);
    expect(Atomics.load(starts, 0)).toBe(2);
  });

  it('a worker that dies while loading is started 3 times, not a flood, and its tasks fail with the reason', async () => {
    const starts = startCounter();
    const pool = makePool(4, { starts, crashOnLoad: 'cannot load the model' });
    const tasks = Array.from({ length: 6 }, (_, i) => pool.run({ values: Float64Array.from([i]) }));
    for (const task of tasks) await expect(task).rejects.toThrow(WorkerStartError);
    await expect(tasks[0]).rejects.toThrow('workers failed to start 3 times in a row: cannot load the model');
    await vi.waitFor(() => expect(pool.liveThreads).toBe(0), WAIT);
    expect(pool.startedThreads).toBe(3);
    expect(Atomics.load(starts, 0)).toBe(3);
    // Later tasks fail at once, with the same reason, and start nothing.
    await expect(pool.run({ values: new Float64Array(1) })).rejects.toThrow(/3 times in a row: cannot load the model/);
    expect(pool.startedThreads).toBe(3);
  });

  it('a setup that fails is a failed start: fewer than 3 in a row and the pool recovers; 3 and its tasks fail', async () => {
    const recovering = makePool(2, { starts: startCounter(), failSetup: { first: 2, reason: 'no GPU session' } });
    await expect(recovering.run({ values: Float64Array.from([2, 3]) })).resolves.toMatchObject({ sum: 5 });
    expect(recovering.startedThreads).toBe(3);

    const broken = makePool(2, { starts: startCounter(), failSetup: { first: 3, reason: 'no GPU session' } });
    await expect(broken.run({ values: new Float64Array(1) })).rejects.toMatchObject({ reason: 'no GPU session', attempts: 3 });
    expect(broken.startedThreads).toBe(3);
  });

  it('a hung task times out: its worker is recycled and the pool goes on', async () => {
    const pool = makePool(1);
    const before = await pool.run({ values: Float64Array.from([1]) });
    await expect(pool.run({ values: new Float64Array(1), hang: true }, { timeoutMs: 200 })).rejects.toMatchObject({
      code: TASK_TIMED_OUT,
      message: 'timed out after 0.2 s',
    });
    const after = await pool.run({ values: Float64Array.from([4, 5]) });
    expect(after).toMatchObject({ sum: 9 });
    expect(after.threadId).not.toBe(before.threadId);
    await vi.waitFor(() => expect(pool.liveThreads).toBe(1), WAIT);
  });

  it('cancelling a hung task returns: the task fails as cancelled once the grace is over, and the pool goes on', async () => {
    const pool = makePool(1, undefined, { cancelGraceMs: 100 });
    const controller = new AbortController();
    // The task reports that it hangs, and is cancelled then: its thread never reads the cancel message.
    const hung = pool.run({ values: new Float64Array(1), hang: true }, { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(hung).rejects.toMatchObject({ code: TASK_CANCELLED });
    await expect(pool.run({ values: Float64Array.from([1, 1]) })).resolves.toMatchObject({ sum: 2 });
    await vi.waitFor(() => expect(pool.liveThreads).toBe(1), WAIT);
  });

  it('a cancelled task that goes on reporting progress is still recycled once the grace is over', async () => {
    const pool = makePool(1, undefined, { cancelGraceMs: 100 });
    const controller = new AbortController();
    const busy = pool.run(
      { values: new Float64Array(1), slowSteps: Number.MAX_SAFE_INTEGER, ignoreCancel: true },
      { signal: controller.signal, onProgress: () => controller.abort() },
    );
    await expect(busy).rejects.toMatchObject({ code: TASK_CANCELLED });
    await expect(pool.run({ values: Float64Array.from([3]) })).resolves.toMatchObject({ sum: 3 });
  });
});
