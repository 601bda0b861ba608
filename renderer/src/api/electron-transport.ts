/** The contract over Electron's preload bridge (`window.kindred`) and the kindred-media: scheme. */
import type { KindredBridge } from '../../../app/api/contract/api-client.js';
import { mediaPath } from '../../../app/api/contract/media-path.js';
import type { RendererTransport } from './renderer-transport.js';

export function electronTransport(bridge: KindredBridge): RendererTransport {
  return {
    kind: 'electron',
    invoke: (method, input) => bridge.invoke(method, input),
    on: (name, listener) => bridge.on(name, listener),
    mediaUrl: (ref) => `kindred-media://media${mediaPath(ref)}`,
    // IPC has no connection to lose: the core lives as long as the window.
    onConnection(listener) {
      listener(true);
      return () => {};
    },
  };
}
