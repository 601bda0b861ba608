import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker, type TransferListItem } from 'node:worker_threads';

interface Pending<R> {
  resolve: (value: R) => void;
  reject: (error: Error) => void;
  onProgress?: ((progress: unknown) => void) | undefined;
}

interface Task<T, R> extends Pending<R> {
  payload: T;
  transfer: TransferListItem[];
}

// tsx's ESM entry (its CommonJS entry cannot register the loader from inside a worker).
const TSX_ESM_API = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;

/** Messages between the pool and its workers: a task, or the cancellation of one; a result, an error, or progress. */
export type WorkerRequest<T> = { id: number; payload: T } | { id: number; cancel: true };
export type WorkerReply<R> =
  | { id: number; ok: true; result: R }
  | { id: number; ok: false; error: string }
  | { id: number; progress: unknown };

/** Per-task options: progress reports from the worker, and a signal that cancels the task inside the worker. */
export interface RunOptions {
  transfer?: TransferListItem[];
  onProgress?: (progress: unknown) => void;
  signal?: AbortSignal;
}

/** Default number of workers: one per core. */
export const defaultPoolSize = (): number => Math.max(1, availableParallelism());

/**
 * A fixed pool of worker threads running one module. Each worker takes one task at a time, so heavy native work
 * (decoding, inference) never runs on the calling thread and never oversubscribes the cores. A worker that dies
 * fails only its own task and is replaced.
 */
export class WorkerPool<T, R> {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, { id: number } & Pending<R>>();
  private readonly queue: Task<T, R>[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly moduleUrl: URL,
    readonly size: number = defaultPoolSize(),
    private readonly workerData: unknown = undefined,
  ) {
    for (let i = 0; i < size; i++) this.idle.push(this.spawn());
  }

  /** Runs one task on the next free worker. */
  run(payload: T, transferOrOptions: TransferListItem[] | RunOptions = []): Promise<R> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    const options = Array.isArray(transferOrOptions) ? { transfer: transferOrOptions } : transferOrOptions;
    return new Promise<R>((resolve, reject) => {
      const task: Task<T, R> = { payload, transfer: options.transfer ?? [], resolve, reject, onProgress: options.onProgress };
      if (options.signal) {
        options.signal.throwIfAborted();
        options.signal.addEventListener('abort', () => this.cancel(task), { once: true });
      }
      this.queue.push(task);
      this.dispatch();
    });
  }

  /** A queued task is dropped; a running one is asked to stop (the worker decides how, and answers). */
  private cancel(task: Task<T, R>): void {
    const queued = this.queue.indexOf(task);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      task.reject(new Error('cancelled'));
      return;
    }
    for (const [worker, pending] of this.busy) {
      if (pending.resolve === task.resolve) worker.postMessage({ id: pending.id, cancel: true } satisfies WorkerRequest<T>);
    }
  }

  /** Tasks waiting for a worker. */
  get queued(): number {
    return this.queue.length;
  }

  /**
   * Stops every worker: queued tasks are rejected, tasks in progress get `graceMs` to finish (terminating a thread in
   * the middle of native work, such as creating an ONNX Runtime session, can abort the whole process).
   */
  async close(graceMs = 10_000): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new Error('worker pool closed'));
    const deadline = Date.now() + graceMs;
    while (this.busy.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    const workers = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private spawn(): Worker {
    const worker = this.moduleUrl.pathname.endsWith('.ts')
      ? // From TypeScript sources (tests, development) the worker first registers tsx's loader, then imports the module.
        new Worker(
          `import(${JSON.stringify(TSX_ESM_API)})` +
            `.then((tsx) => { tsx.register(); return import(${JSON.stringify(this.moduleUrl.href)}); })`,
          { eval: true, workerData: this.workerData },
        )
      : new Worker(this.moduleUrl, { workerData: this.workerData });
    worker.on('message', (reply: WorkerReply<R>) => this.settle(worker, reply));
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => {
      if (code !== 0) this.fail(worker, new Error(`worker exited with code ${code}`));
    });
    return worker;
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const task = this.queue.shift()!;
      const id = this.nextId++;
      this.busy.set(worker, { id, resolve: task.resolve, reject: task.reject, onProgress: task.onProgress });
      worker.postMessage({ id, payload: task.payload } satisfies WorkerRequest<T>, task.transfer);
    }
  }

  private settle(worker: Worker, reply: WorkerReply<R>): void {
    const pending = this.busy.get(worker);
    if (!pending || pending.id !== reply.id) return;
    if ('progress' in reply) {
      pending.onProgress?.(reply.progress);
      return;
    }
    this.busy.delete(worker);
    this.idle.push(worker);
    if (reply.ok) pending.resolve(reply.result);
    else pending.reject(new Error(reply.error));
    this.dispatch();
  }

  private fail(worker: Worker, error: Error): void {
    const pending = this.busy.get(worker);
    this.busy.delete(worker);
    const idleIndex = this.idle.indexOf(worker);
    if (idleIndex >= 0) this.idle.splice(idleIndex, 1);
    pending?.reject(error);
    if (!this.closed) {
      this.idle.push(this.spawn());
      this.dispatch();
    }
  }
}
