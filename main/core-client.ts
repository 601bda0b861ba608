/**
 * The main process's side of the channel to the core process: calls and media lookups as promises, events as a
 * listener, and a graceful shutdown (the core pauses its job and closes the library; after a grace period it is
 * killed).
 */
import type { ApiResult } from '../app/api/contract/api-error.js';
import type { KindredEvent } from '../app/api/contract/contract.js';
import type { MediaRef } from '../app/api/contract/media-path.js';
import type { MediaResolution } from '../app/api/service/media-resolver.js';
import type { CoreMessage, CoreRequest, PortLike } from './core-messages.js';

/** A request before it is numbered. */
type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;

/** The core process as main sees it (a UtilityProcess, adapted). */
export interface CoreProcessLike extends PortLike<CoreMessage, CoreRequest> {
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export class CoreClient {
  /**
   * Resolves when the core has opened the library and serves requests; rejects with the core's message when it could
   * not (another process writing to the library, say), or when it stopped before it was ready.
   */
  readonly ready: Promise<void>;
  private nextId = 1;
  private readonly pending = new Map<number, (result: unknown) => void>();
  private readonly eventListeners = new Set<(event: KindredEvent) => void>();
  private exited = false;
  private readonly exitedPromise: Promise<void>;

  constructor(private readonly core: CoreProcessLike) {
    let markReady!: () => void;
    let markFailed!: (error: Error) => void;
    this.ready = new Promise((resolve, reject) => {
      markReady = resolve;
      markFailed = reject;
    });
    let markExited!: () => void;
    this.exitedPromise = new Promise((resolve) => (markExited = resolve));
    core.onMessage((message) => {
      switch (message.type) {
        case 'ready':
          markReady();
          return;
        case 'failed':
          markFailed(new Error(message.message));
          core.kill();
          return;
        case 'reply': {
          const settle = this.pending.get(message.id);
          this.pending.delete(message.id);
          settle?.(message.result);
          return;
        }
        case 'event':
          for (const listener of this.eventListeners) listener(message.event);
          return;
      }
    });
    core.onExit(() => {
      this.exited = true;
      markExited();
      markFailed(new Error('The Kindred core stopped before it opened the library')); // no effect once settled
      // Calls in flight get an answer rather than hanging the renderer.
      for (const [id, settle] of this.pending) {
        this.pending.delete(id);
        settle({ ok: false, error: { code: 'unavailable', message: 'The Kindred core stopped' } });
      }
    });
  }

  invoke(method: string, input: unknown): Promise<ApiResult<unknown>> {
    return this.request({ type: 'invoke', method, input }, { ok: false, error: { code: 'unavailable', message: 'The Kindred core stopped' } });
  }

  resolveMedia(ref: MediaRef): Promise<MediaResolution> {
    return this.request({ type: 'media', ref }, { found: false, reason: 'the core stopped' });
  }

  onEvent(listener: (event: KindredEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Asks the core to pause its job, close the library and exit; kills it after `graceMs`. */
  async shutdown(graceMs = 10_000): Promise<void> {
    if (this.exited) return;
    void this.request({ type: 'shutdown' }, null);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
    const outcome = await Promise.race([this.exitedPromise.then(() => 'exited' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') this.core.kill();
  }

  private request<T>(message: Unnumbered<CoreRequest>, whenGone: T): Promise<T> {
    if (this.exited) return Promise.resolve(whenGone);
    const id = this.nextId++;
    return new Promise<T>((resolve) => {
      this.pending.set(id, resolve as (result: unknown) => void);
      this.core.postMessage({ ...message, id } as CoreRequest);
    });
  }
}
