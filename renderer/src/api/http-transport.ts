/**
 * The contract over the web host: POST /api/<method> for calls, one Server-Sent Events stream on /api/events for
 * events, media under /media/<media key>/. The session key reaches the page once, in the fragment of the URL `kindred
 * serve` printed (a fragment is never sent to a server); the page keeps it in sessionStorage and sends it in a header
 * with each call. Never a cookie: a browser would send that to every other server on 127.0.0.1 too.
 */
import type { ApiResult } from '../../../app/api/contract/api-error.js';
import { mediaPath } from '../../../app/api/contract/media-path.js';
import { followEventStream } from './event-stream-reader.js';
import type { RendererTransport } from './renderer-transport.js';

/** The session's keys: `key` opens calls and events, `media` opens thumbnails, previews and face crops only. */
export interface SessionKeys {
  key: string;
  media: string;
}

const STORAGE_KEY = 'kindred.session';

/**
 * The keys the printed URL carried in its fragment (kept in this tab's sessionStorage, and dropped from the address
 * bar so they are not bookmarked or shared by accident), else the ones this tab kept from before.
 */
export function takeSessionKeys(location: Location, storage: Storage, history: History): SessionKeys | null {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const key = fragment.get('key');
  const media = fragment.get('media');
  if (key && media) {
    storage.setItem(STORAGE_KEY, JSON.stringify({ key, media }));
    history.replaceState(history.state, '', location.pathname + location.search);
  }
  try {
    const kept = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null') as Partial<SessionKeys> | null;
    return typeof kept?.key === 'string' && typeof kept.media === 'string' ? { key: kept.key, media: kept.media } : null;
  } catch {
    return null;
  }
}

export function httpTransport(keys: SessionKeys | null = takeSessionKeys(window.location, window.sessionStorage, window.history)): RendererTransport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  let connected = false;
  let following = false;
  const authorization = (): Record<string, string> => (keys ? { Authorization: `Bearer ${keys.key}` } : {});

  const setConnected = (value: boolean): void => {
    if (value === connected) return;
    connected = value;
    for (const listener of connectionListeners) listener(value);
  };

  const follow = (): void => {
    if (following) return;
    following = true;
    followEventStream('/api/events', authorization, {
      onOpen: () => setConnected(true),
      // The stream reconnects by itself; until it does, the UI says so.
      onClose: () => setConnected(false),
      onEvent: (name, data) => {
        let payload: unknown;
        try {
          payload = JSON.parse(data);
        } catch {
          return;
        }
        for (const listener of listeners.get(name) ?? []) listener(payload);
      },
    });
  };

  return {
    kind: 'http',
    async invoke(method, input) {
      const response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...authorization() },
        body: JSON.stringify(input),
        credentials: 'omit',
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
      }
      set.add(listener);
      follow();
      return () => set.delete(listener);
    },
    mediaUrl: (ref) => `/media/${keys?.media ?? 'none'}${mediaPath(ref)}`,
    onConnection(listener) {
      follow();
      connectionListeners.add(listener);
      listener(connected);
      return () => connectionListeners.delete(listener);
    },
  };
}
