/** The core process's side of the channel: answers main's requests from a KindredService. */
import type { KindredService } from '../app/api/service/kindred-service.js';
import { parseMediaPath } from '../app/api/contract/media-path.js';
import type { CoreMessage, CoreRequest, PortLike } from './core-messages.js';

/**
 * Serves `service` on `port`: calls (validated by the service), media lookups, and one shutdown, after which
 * `onShutdown` runs (close the library, exit). Events flow to main as they happen.
 */
export function serveCore(port: PortLike<unknown, CoreMessage>, service: KindredService, onShutdown: () => Promise<void> | void): void {
  service.subscribe((event) => port.postMessage({ type: 'event', event }));
  let shuttingDown = false;
  port.onMessage((raw) => {
    const request = raw as Partial<CoreRequest> | null;
    if (typeof request !== 'object' || request === null || typeof request.id !== 'number') return;
    const id = request.id;
    switch (request.type) {
      case 'invoke':
        void service.invoke(request.method, request.input).then((result) => port.postMessage({ type: 'reply', id, result }));
        return;
      case 'media': {
        // Re-parsed from its path form: the core trusts no shape it did not check itself.
        const ref = request.ref && parseMediaPath(`/${String(request.ref.kind)}/${String(request.ref.id)}`);
        if (!ref) {
          port.postMessage({ type: 'reply', id, result: { found: false, reason: 'bad media reference' } });
          return;
        }
        void service
          .resolveMedia(ref)
          .catch(() => ({ found: false as const, reason: 'media lookup failed' }))
          .then((result) => port.postMessage({ type: 'reply', id, result }));
        return;
      }
      case 'shutdown':
        if (shuttingDown) return;
        shuttingDown = true;
        void (async () => {
          await service.shutdown();
          port.postMessage({ type: 'reply', id, result: null });
          await onShutdown();
        })();
        return;
      default:
        return;
    }
  });
  port.postMessage({ type: 'ready' });
}
