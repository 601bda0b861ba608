import { afterEach, describe, expect, it } from 'vitest';
import { WorkerPool } from './worker-pool.js';

type Payload = { values: Float64Array; fail?: boolean; crash?: boolean; slowSteps?: number; untilCancelled?: boolean };
type Result = { sum: number; threadId: number };

const pools: WorkerPool<Payload, Result>[] = [];
afterEach(async () => {
  for (const p of pools.splice(0)) await p.close();
});
const makePool = (size: number) => {
  const pool = new WorkerPool<Payload, Result>(new URL('./testing/sum-worker.ts', import.meta.url), size);
  pools.push(pool);
  return pool;
};

describe('WorkerPool', () => {
  it('runs tasks on several worker threads and returns their results', async () => {
    const pool = makePool(2);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => pool.run({ values: Float64Array.from([i, i, 1]) })),
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
});
