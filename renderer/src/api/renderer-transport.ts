/** What the renderer needs of a transport beyond the contract: whether the event stream is connected. */
import type { ApiTransport } from '../../../app/api/contract/api-client.js';

export interface RendererTransport extends ApiTransport {
  kind: 'electron' | 'http';
  /** Calls `listener` now and whenever the event stream connects or drops; returns the function that stops it. */
  onConnection(listener: (connected: boolean) => void): () => void;
}
