/**
 * The contract over the web host: POST /api/<method> for calls, one EventSource on /api/events for events. The
 * session token travels in an HttpOnly cookie the host set, so this code never sees it.
 */
import type { ApiResult } from '../../../app/api/contract/api-error.js';
import { mediaPath } from '../../../app/api/contract/media-path.js';
import type { RendererTransport } from './renderer-transport.js';

export function httpTransport(): RendererTransport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  let connected = false;
  let source: EventSource | null = null;

  const setConnected = (value: boolean): void => {
    if (value === connected) return;
    connected = value;
    for (const listener of connectionListeners) listener(value);
  };

  const ensureSource = (): EventSource => {
    if (source) return source;
    source = new EventSource('/api/events');
    source.addEventListener('open', () => setConnected(true));
    // EventSource reconnects by itself; until it does, the UI says so.
    source.addEventListener('error', () => setConnected(false));
    return source;
  };

  const listenTo = (name: string): void => {
    ensureSource().addEventListener(name, (message) => {
      let payload: unknown;
      try {
        payload = JSON.parse((message as MessageEvent<string>).data);
      } catch {
        return;
      }
      for (const listener of listeners.get(name) ?? []) listener(payload);
    });
  };

  return {
    kind: 'http',
    async invoke(method, input) {
      const response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
        credentials: 'same-origin',
      });
      if (!(response.headers.get('Content-Type') ?? '').startsWith('application/json')) {
        const text = await response.text();
        const code = response.status === 401 || response.status === 403 ? 'forbidden' : 'unavailable';
        return { ok: false, error: { code, message: text || `HTTP ${response.status}` } } satisfies ApiResult<never>;
      }
      return (await response.json()) as ApiResult<unknown>;
    },
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) {
        set = new Set();
        listeners.set(name, set);
        listenTo(name);
      }
      set.add(listener);
      return () => set.delete(listener);
    },
    mediaUrl: (ref) => `/media${mediaPath(ref)}`,
    onConnection(listener) {
      ensureSource();
      connectionListeners.add(listener);
      listener(connected);
      return () => connectionListeners.delete(listener);
    },
  };
}
