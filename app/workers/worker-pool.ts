import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker, type TransferListItem } from 'node:worker_threads';

// tsx's ESM entry (its CommonJS entry cannot register the loader from inside a worker).
const TSX_ESM_API = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;

/** Messages between the pool and its workers: a task, or the cancellation of one; a result, an error, or progress. */
export type WorkerRequest<T> = { id: number; payload: T } | { id: number; cancel: true };
export type WorkerReply<R> =
  | { id: number; ok: true; result: R }
  | { id: number; ok: false; error: string; code?: string }
  | { id: number; progress: unknown };
/** A worker's word about itself, once, before any task: it is ready, or it could not set itself up. */
export type WorkerStatus = { ready: true } | { startFailed: string };

/** Codes of the failures the pool itself reports (a worker's own errors carry the code it threw, if any). */
export const WORKER_EXITED = 'WORKER_EXITED';
export const TASK_TIMED_OUT = 'TASK_TIMED_OUT';
export const TASK_CANCELLED = 'TASK_CANCELLED';
export const POOL_CLOSED = 'POOL_CLOSED';

/**
 * A task that failed: the worker's error (message and `code`, e.g. an errno code such as 'EIO' or one the worker
 * chose), or the pool's: its worker died, it timed out, it was cancelled, the pool closed.
 */
export class WorkerTaskError extends Error {
  override readonly name = 'WorkerTaskError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** The pool's workers failed to start too many times in a row: no task can run, and `reason` says why. */
export class WorkerStartError extends Error {
  override readonly name = 'WorkerStartError';
  constructor(
    readonly reason: string,
    readonly attempts: number,
  ) {
    super(`workers failed to start ${attempts} times in a row: ${reason}`);
  }
}

/** Per-task options: progress reports from the worker, a signal that cancels the task, its own timeout. */
export interface RunOptions {
  transfer?: TransferListItem[];
  onProgress?: (progress: unknown) => void;
  signal?: AbortSignal;
  /** Overrides the pool's `taskTimeoutMs` for this task. */
  timeoutMs?: number;
}

/** How patient a pool is with its workers. */
export interface WorkerPoolOptions {
  /**
   * How long a task may run without answering or reporting progress; then its worker is recycled and the task fails
   * with TASK_TIMED_OUT (default 5 minutes).
   */
  taskTimeoutMs?: number;
  /** How long a cancelled task has to stop on its own before its worker is recycled (default 10 s). */
  cancelGraceMs?: number;
  /** How long a worker may take to start: load its module and set itself up (default 5 minutes). */
  startTimeoutMs?: number;
  /** Failed starts in a row after which the pool stops starting workers and fails tasks with the reason (default 3). */
  maxStartFailures?: number;
}

/** Default number of workers: one per core. */
export const defaultPoolSize = (): number => Math.max(1, availableParallelism());

interface Task<T, R> {
  payload: T;
  transfer: TransferListItem[];
  timeoutMs: number;
  onProgress?: ((progress: unknown) => void) | undefined;
  /** Settles the caller's promise (once) and lets go of the task's signal. */
  settle: (outcome: { ok: true; result: R } | { ok: false; error: Error }) => void;
}

interface Slot<T, R> {
  worker: Worker;
  state: 'starting' | 'idle' | 'busy' | 'retiring';
  /** The task it runs (while busy), the id the worker knows it by, and whether it was asked to stop. */
  running?: { id: number; task: Task<T, R>; cancelled?: boolean };
  /** Task timeout, cancel grace or start timeout, whichever applies now. */
  timer?: NodeJS.Timeout;
  /** What its 'error' event said, reported when it exits. */
  error?: Error;
}

/**
 * A pool of at most `size` worker threads running one module, started when tasks need them. Each worker takes one
 * task at a time, so heavy native work (decoding, inference) never runs on the calling thread and never
 * oversubscribes the cores. A worker that dies fails only its own task and leaves room for one replacement; a task
 * that hangs, or does not stop when cancelled, costs its worker (recycled) but never the pool; workers that fail to
 * start `maxStartFailures` times in a row stop the pool from trying again, and its tasks fail with the reason.
 */
export class WorkerPool<T, R> {
  private readonly slots = new Set<Slot<T, R>>();
  private readonly queue: Task<T, R>[] = [];
  private readonly taskTimeoutMs: number;
  private readonly cancelGraceMs: number;
  private readonly startTimeoutMs: number;
  private readonly maxStartFailures: number;
  private nextId = 1;
  private closed = false;
  private everReady = false;
  private startFailuresInRow = 0;
  private startError: WorkerStartError | null = null;
  private started = 0;
  private live = 0;

  constructor(
    private readonly moduleUrl: URL,
    readonly size: number = defaultPoolSize(),
    private readonly workerData: unknown = undefined,
    options: WorkerPoolOptions = {},
  ) {
    this.taskTimeoutMs = options.taskTimeoutMs ?? 5 * 60_000;
    this.cancelGraceMs = options.cancelGraceMs ?? 10_000;
    this.startTimeoutMs = options.startTimeoutMs ?? 5 * 60_000;
    this.maxStartFailures = Math.max(1, options.maxStartFailures ?? 3);
  }

  /** Runs one task on the next free worker. */
  run(payload: T, transferOrOptions: TransferListItem[] | RunOptions = []): Promise<R> {
    const options: RunOptions = Array.isArray(transferOrOptions) ? { transfer: transferOrOptions } : transferOrOptions;
    return new Promise<R>((resolve, reject) => {
      if (this.closed) throw new WorkerTaskError('worker pool is closed', POOL_CLOSED);
      if (this.startError && this.ready() === 0) throw this.startError;
      const signal = options.signal;
      signal?.throwIfAborted();
      let settled = false;
      const onAbort = () => this.cancel(task);
      const task: Task<T, R> = {
        payload,
        transfer: options.transfer ?? [],
        timeoutMs: options.timeoutMs ?? this.taskTimeoutMs,
        onProgress: options.onProgress,
        settle: (outcome) => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          if (outcome.ok) resolve(outcome.result);
          else reject(outcome.error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(task);
      this.dispatch();
    });
  }

  /** Tasks waiting for a worker. */
  get queued(): number {
    return this.queue.length;
  }

  /** Worker threads started so far (replacements included). */
  get startedThreads(): number {
    return this.started;
  }

  /** Worker threads not yet exited (recycled ones on their way out included). */
  get liveThreads(): number {
    return this.live;
  }

  /**
   * Stops every worker: queued tasks are rejected, tasks in progress and workers still starting get `graceMs` to
   * finish (terminating a thread in the middle of native work, such as creating an ONNX Runtime session, can abort
   * the whole process).
   */
  async close(graceMs = 10_000): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.settle({ ok: false, error: new WorkerTaskError('worker pool closed', POOL_CLOSED) });
    const deadline = Date.now() + graceMs;
    const working = () => [...this.slots].some((s) => s.state === 'busy' || s.state === 'starting');
    while (working() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    const stopping: Promise<number>[] = [];
    for (const slot of this.slots) {
      clearTimeout(slot.timer);
      slot.running?.task.settle({ ok: false, error: new WorkerTaskError('worker pool closed', POOL_CLOSED) });
      // A recycled worker is already being terminated; one stuck in native code may take its time, and nobody waits.
      if (slot.state !== 'retiring') stopping.push(slot.worker.terminate());
      slot.state = 'retiring';
      slot.running = undefined;
    }
    await Promise.all(stopping);
  }

  /** A queued task is dropped; a running one is asked to stop, and its worker recycled if it has not within the grace. */
  private cancel(task: Task<T, R>): void {
    const queued = this.queue.indexOf(task);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      task.settle({ ok: false, error: new WorkerTaskError('cancelled', TASK_CANCELLED) });
      return;
    }
    for (const slot of this.slots) {
      if (slot.running?.task !== task || slot.running.cancelled) continue;
      slot.running.cancelled = true;
      slot.worker.postMessage({ id: slot.running.id, cancel: true } satisfies WorkerRequest<T>);
      this.arm(slot, this.cancelGraceMs, () => this.recycle(slot, new WorkerTaskError('cancelled (the task did not stop in time)', TASK_CANCELLED)));
    }
  }

  /** Workers ready for tasks (idle or busy). */
  private ready(): number {
    let n = 0;
    for (const s of this.slots) if (s.state === 'idle' || s.state === 'busy') n++;
    return n;
  }

  private dispatch(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (this.queue.length === 0) break;
      if (slot.state === 'idle') this.assign(slot, this.queue.shift()!);
    }
    if (this.queue.length === 0) return;
    if (this.startError) {
      // Nobody left to run them and nobody will start: fail them with the reason.
      if (this.ready() === 0) for (const task of this.queue.splice(0)) task.settle({ ok: false, error: this.startError });
      return;
    }
    let starting = 0;
    let active = 0;
    for (const s of this.slots) {
      if (s.state === 'starting') starting++;
      if (s.state !== 'retiring') active++;
    }
    // Until a worker has started (and after a failed start), one at a time: a broken start costs one thread, not `size`.
    const maxStarting = this.everReady && this.startFailuresInRow === 0 ? this.size : 1;
    while (starting < this.queue.length && starting < maxStarting && active < this.size) {
      this.spawn();
      starting++;
      active++;
    }
  }

  private assign(slot: Slot<T, R>, task: Task<T, R>): void {
    const id = this.nextId++;
    slot.state = 'busy';
    slot.running = { id, task };
    this.armTaskTimeout(slot);
    slot.worker.postMessage({ id, payload: task.payload } satisfies WorkerRequest<T>, task.transfer);
  }

  private armTaskTimeout(slot: Slot<T, R>): void {
    const ms = slot.running!.task.timeoutMs;
    this.arm(slot, ms, () => this.recycle(slot, new WorkerTaskError(`timed out after ${formatSeconds(ms)}`, TASK_TIMED_OUT)));
  }

  /** The slot's one timer: task timeout, cancel grace or start timeout, whichever applies now (none when infinite). */
  private arm(slot: Slot<T, R>, ms: number, onExpiry: () => void): void {
    clearTimeout(slot.timer);
    slot.timer = Number.isFinite(ms) ? setTimeout(onExpiry, ms) : undefined;
  }

  /** Fails the slot's task, terminates its worker and lets a replacement take its place. */
  private recycle(slot: Slot<T, R>, error: Error): void {
    const running = slot.running;
    if (!this.retire(slot)) return;
    running?.task.settle({ ok: false, error });
    this.dispatch();
  }

  /** Terminates the slot's worker (its exit is then expected); false when it was already on its way out. */
  private retire(slot: Slot<T, R>): boolean {
    if (slot.state === 'retiring') return false;
    clearTimeout(slot.timer);
    slot.state = 'retiring';
    slot.running = undefined;
    void slot.worker.terminate();
    return true;
  }

  private spawn(): void {
    const worker = this.moduleUrl.pathname.endsWith('.ts')
      ? // From TypeScript sources (tests, development) the worker first registers tsx's loader, then imports the module.
        new Worker(
          `import(${JSON.stringify(TSX_ESM_API)})` +
            `.then((tsx) => { tsx.register(); return import(${JSON.stringify(this.moduleUrl.href)}); })`,
          { eval: true, workerData: this.workerData },
        )
      : new Worker(this.moduleUrl, { workerData: this.workerData });
    const slot: Slot<T, R> = { worker, state: 'starting' };
    this.slots.add(slot);
    this.started++;
    this.live++;
    this.arm(slot, this.startTimeoutMs, () => {
      if (this.retire(slot)) this.startFailed(`did not start within ${formatSeconds(this.startTimeoutMs)}`);
    });
    worker.on('message', (message: WorkerReply<R> | WorkerStatus) => this.received(slot, message));
    // 'error' is followed by 'exit': only the exit acts, so one death is one replacement.
    worker.on('error', (error) => (slot.error ??= error));
    worker.on('exit', (code) => this.exited(slot, code));
  }

  private received(slot: Slot<T, R>, message: WorkerReply<R> | WorkerStatus): void {
    if ('ready' in message) {
      if (slot.state !== 'starting') return;
      clearTimeout(slot.timer);
      slot.state = 'idle';
      this.everReady = true;
      this.startFailuresInRow = 0;
      this.dispatch();
      return;
    }
    if ('startFailed' in message) {
      if (slot.state === 'starting' && this.retire(slot)) this.startFailed(message.startFailed);
      return;
    }
    const running = slot.running;
    if (!running || running.id !== message.id || slot.state !== 'busy') return;
    if ('progress' in message) {
      // Progress proves the task alive; once cancelled, only the grace counts.
      if (!running.cancelled) this.armTaskTimeout(slot);
      running.task.onProgress?.(message.progress);
      return;
    }
    clearTimeout(slot.timer);
    slot.state = 'idle';
    slot.running = undefined;
    running.task.settle(message.ok ? message : { ok: false, error: new WorkerTaskError(message.error, message.code) });
    this.dispatch();
  }

  private exited(slot: Slot<T, R>, code: number): void {
    this.live--;
    this.slots.delete(slot);
    clearTimeout(slot.timer);
    const state = slot.state;
    slot.state = 'retiring';
    if (state === 'retiring') return;
    const reason = slot.error?.message ?? `worker exited with code ${code}`;
    slot.running?.task.settle({ ok: false, error: new WorkerTaskError(reason, WORKER_EXITED) });
    slot.running = undefined;
    if (state === 'starting') this.startFailed(reason);
    else this.dispatch();
  }

  private startFailed(reason: string): void {
    this.startFailuresInRow++;
    if (this.startFailuresInRow >= this.maxStartFailures) this.startError = new WorkerStartError(reason, this.startFailuresInRow);
    this.dispatch();
  }
}

const formatSeconds = (ms: number): string => `${Number((ms / 1000).toFixed(3))} s`;
