/**
 * The messages between the Electron main process and the core process (which owns the library, the database and
 * every long job, so the main process only routes). Plain data: they cross a MessagePort by structured clone.
 */
import type { ApiResult } from '../app/api/contract/api-error.js';
import type { KindredEvent } from '../app/api/contract/contract.js';
import type { MediaRef } from '../app/api/contract/media-path.js';
import type { MediaResolution } from '../app/api/service/media-resolver.js';

/** From main to core. */
export type CoreRequest =
  | { id: number; type: 'invoke'; method: string; input: unknown }
  | { id: number; type: 'media'; ref: MediaRef }
  | { id: number; type: 'shutdown' };

/** From core to main. */
export type CoreMessage =
  | { type: 'ready' }
  /** The core could not open the library (e.g. another process is writing to it); it waits to be killed. */
  | { type: 'failed'; message: string }
  | { type: 'reply'; id: number; result: ApiResult<unknown> | MediaResolution | null }
  | { type: 'event'; event: KindredEvent };

/** The two ends of a message channel, as utilityProcess and its parentPort (and tests) provide them. */
export interface PortLike<In, Out> {
  postMessage(message: Out): void;
  onMessage(listener: (message: In) => void): void;
}
