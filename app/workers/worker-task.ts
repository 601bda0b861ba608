import { parentPort, type TransferListItem } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest, WorkerStatus } from './worker-pool.js';

/** How a worker gets ready: `setup` runs once before any task (loading models, say); its failure is a failed start. */
export interface ServeOptions {
  setup?: () => Promise<void>;
}

/**
 * The worker side of WorkerPool: sets the worker up, tells the pool it is ready (or why it could not start), then
 * answers each request with `handler`'s result, or its error's message and code (an errno code such as 'EIO', or one
 * the handler chose). The handler may return the transfer list for its result (typed arrays to move, not copy).
 */
export function serveWorkerTasks<T, R>(
  handler: (payload: T, context: WorkerTaskContext) => Promise<{ result: R; transfer?: TransferListItem[] }>,
  options: ServeOptions = {},
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
      const code = (error as { code?: unknown } | null)?.code;
      port.postMessage({
        id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
        ...(typeof code === 'string' ? { code } : {}),
      } satisfies WorkerReply<R>);
    } finally {
      running.delete(id);
    }
  });
  (options.setup ?? (async () => {}))().then(
    () => port.postMessage({ ready: true } satisfies WorkerStatus),
    (error: unknown) => port.postMessage({ startFailed: error instanceof Error ? error.message : String(error) } satisfies WorkerStatus),
  );
}

/** What a task handler gets besides its payload: a signal the caller can abort, and a progress channel. */
export interface WorkerTaskContext {
  signal: AbortSignal;
  progress: (progress: unknown) => void;
}
