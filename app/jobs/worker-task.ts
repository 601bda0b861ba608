import { parentPort, type TransferListItem } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from './worker-pool.js';

/**
 * The worker side of WorkerPool: answers each request with `handler`'s result (or its error message). The handler
 * may return the transfer list for its result (typed arrays to move rather than copy).
 */
export function serveWorkerTasks<T, R>(handler: (payload: T) => Promise<{ result: R; transfer?: TransferListItem[] }>): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorkerTasks must run inside a worker thread');
  port.on('message', async ({ id, payload }: WorkerRequest<T>) => {
    try {
      const { result, transfer } = await handler(payload);
      port.postMessage({ id, ok: true, result } satisfies WorkerReply<R>, transfer ?? []);
    } catch (error) {
      port.postMessage({ id, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies WorkerReply<R>);
    }
  });
}
