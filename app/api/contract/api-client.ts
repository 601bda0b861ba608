/**
 * The typed client every consumer uses (the renderer over IPC or HTTP, tests in-process). A transport moves untyped
 * calls and events; this turns them into `invoke('photos.list', { offset: 0 })` with the contract's types, and
 * failed calls into thrown ApiErrors. Browser-safe: no runtime dependency at all.
 */
import { ApiError, isApiResult, type ApiResult } from './api-error.js';
import type { Contract, EventName, InputOf, MethodName, OutputOf, PayloadOf } from './contract-kit.js';
import type { MediaRef } from './media-path.js';

/** What the Electron preload exposes as `window.kindred`: exactly the contract's two verbs, nothing of Electron. */
export interface KindredBridge {
  invoke(method: string, input: unknown): Promise<ApiResult<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  /** Electron only: the path of a folder dropped from the file manager ('' for anything else). */
  pathForFile?(file: unknown): string;
}

/** Moves calls and events between a client and the core (IPC, HTTP + SSE, in-process). */
export interface ApiTransport extends KindredBridge {
  /** The URL that loads a thumbnail or face crop on this transport. */
  mediaUrl(ref: MediaRef): string;
}

/** Methods whose input is all optional may be called without one. */
export type InvokeArgs<C extends Contract, M extends MethodName<C>> = Record<string, never> extends InputOf<C, M>
  ? [input?: InputOf<C, M>]
  : [input: InputOf<C, M>];

export interface ApiClient<C extends Contract> {
  /** Calls a method; rejects with an ApiError when it fails. */
  invoke<M extends MethodName<C>>(method: M, ...args: InvokeArgs<C, M>): Promise<OutputOf<C, M>>;
  /** Listens to an event; returns the function that stops listening. */
  on<E extends EventName<C>>(event: E, listener: (payload: PayloadOf<C, E>) => void): () => void;
  mediaUrl(ref: MediaRef): string;
}

export function createApiClient<C extends Contract>(transport: ApiTransport): ApiClient<C> {
  return {
    async invoke(method, ...args) {
      let reply: unknown;
      try {
        reply = await transport.invoke(method, args[0] ?? {});
      } catch (error) {
        throw new ApiError('unavailable', `Kindred could not be reached: ${(error as Error)?.message ?? String(error)}`);
      }
      if (!isApiResult(reply)) throw new ApiError('unavailable', 'Kindred sent a reply this client does not understand');
      if (!reply.ok) throw ApiError.fromPayload(reply.error);
      return reply.value as never;
    },
    on(event, listener) {
      return transport.on(event, listener as (payload: unknown) => void);
    },
    mediaUrl: (ref) => transport.mediaUrl(ref),
  };
}
