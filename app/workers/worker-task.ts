import { parentPort, type TransferListItem } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from './worker-pool.js';

/**
 * The worker side of WorkerPool: answers each request with `handler`'s result (or its error message). The handler
 * may return the transfer list for its result (typed arrays to move rather than copy).
 */
export function serveWorkerTasks<T, R>(
  handler: (payload: T, context: WorkerTaskContext) => Promise<{ result: R; transfer?: TransferListItem[] }>,
): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorkerTasks must run inside a worker thread');
  const running = new Map<number, AbortController>();
  port.on('message', async (request: WorkerRequest<T>) => {
    const { id } = request;
    if ('cancel' in request) {
      running.get(id)?.abort();
      return;
    }
    const controller = new AbortController();
    running.set(id, controller);
    const context: WorkerTaskContext = {
      signal: controller.signal,
      progress: (progress) => port.postMessage({ id, progress } satisfies WorkerReply<R>),
    };
    try {
      const { result, transfer } = await handler(request.payload, context);
      port.postMessage({ id, ok: true, result } satisfies WorkerReply<R>, transfer ?? []);
    } catch (error) {
      port.postMessage({ id, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies WorkerReply<R>);
    } finally {
      running.delete(id);
    }
  });
}

/** What a task handler gets besides its payload: a signal the caller can abort, and a progress channel. */
export interface WorkerTaskContext {
  signal: AbortSignal;
  progress: (progress: unknown) => void;
}
