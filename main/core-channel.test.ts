import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KindredEvent } from '../app/api/contract/contract.js';
import { CoreClient, type CoreProcessLike } from './core-client.js';
import { serveCore } from './core-host.js';
import type { CoreMessage, CoreRequest } from './core-messages.js';
import { scannedLibrary, type ScannedLibrary } from './testing/scanned-library.js';

/**
 * The main ↔ core channel as a utilityProcess would carry it: messages are structured-cloned and delivered on a
 * later turn, and the "process" exits when the core's shutdown says so.
 */
function channel(lib: ScannedLibrary, options: { ignoreShutdown?: boolean } = {}) {
  const toCore = new Set<(m: unknown) => void>();
  const toMain = new Set<(m: CoreMessage) => void>();
  const exitListeners = new Set<(code: number | null) => void>();
  let killed = false;
  let libraryClosed = false;
  const exit = (code: number | null): void => exitListeners.forEach((l) => l(code));
  const deliver = <T>(listeners: Set<(m: T) => void>, message: T): void => {
    const copy = structuredClone(message);
    setImmediate(() => listeners.forEach((l) => l(copy)));
  };
  serveCore(
    { postMessage: (m) => deliver(toMain, m), onMessage: (l) => void toCore.add(l) },
    lib.service,
    () => {
      libraryClosed = true;
      exit(0);
    },
  );
  const core: CoreProcessLike = {
    postMessage: (m: CoreRequest) => {
      if (options.ignoreShutdown && m.type === 'shutdown') return;
      deliver(toCore, m);
    },
    onMessage: (l) => void toMain.add(l),
    onExit: (l) => void exitListeners.add(l),
    kill: () => {
      killed = true;
      exit(null);
    },
  };
  return { client: new CoreClient(core), state: () => ({ killed, libraryClosed }) };
}

let lib: ScannedLibrary;
beforeEach(async () => {
  lib = await scannedLibrary();
});
afterEach(async () => {
  await lib.close();
});

describe('main ↔ core process channel (Electron mocked: binary not available here)', () => {
  it('carries calls, typed errors, media lookups and events', async () => {
    const { client } = channel(lib);
    await client.ready;
    expect(await client.invoke('library.status', {})).toMatchObject({ ok: true, value: { photos: 5 } });
    expect(await client.invoke('photos.get', { photoId: 'one' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await client.resolveMedia({ kind: 'thumbnail', id: lib.photoIds[0]! })).toMatchObject({ found: true, contentType: 'image/webp' });
    expect(await client.resolveMedia({ kind: 'thumbnail', id: 424242 })).toMatchObject({ found: false });
    expect(await client.resolveMedia({ kind: '../etc' as 'face', id: 1 })).toMatchObject({ found: false, reason: 'bad media reference' });

    const events: KindredEvent[] = [];
    client.onEvent((e) => events.push(e));
    // The handler emits the event before it returns, so the core posts it before the reply and it arrives first.
    await client.invoke('settings.set', { executionProvider: 'cpu' });
    expect(events).toContainEqual({ name: 'settings.changed', payload: expect.objectContaining({ executionProvider: 'cpu' }) });
  });

  it('shuts down gracefully: the core pauses its job and closes the library, then calls are refused', async () => {
    const { client, state } = channel(lib);
    await client.ready;
    await client.invoke('library.scan.start', {});
    await client.shutdown(5_000);
    expect(state()).toEqual({ killed: false, libraryClosed: true });
    expect(await client.invoke('library.status', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await client.resolveMedia({ kind: 'thumbnail', id: 1 })).toMatchObject({ found: false });
  });

  it('kills a core that does not stop within the grace period', async () => {
    const { client, state } = channel(lib, { ignoreShutdown: true });
    await client.ready;
    const pending = client.invoke('library.status', {});
    await client.shutdown(50);
    expect(state().killed).toBe(true);
    // A call in flight when the core died is answered, not left hanging.
    expect(await pending).toBeDefined();
  });
});

describe('a core that cannot open its library', () => {
  it('makes ready fail with the core\'s message (naming the process that holds the library), and is ended', async () => {
    const toMain = new Set<(m: CoreMessage) => void>();
    let killed = false;
    const client = new CoreClient({
      postMessage: () => {},
      onMessage: (l) => void toMain.add(l),
      onExit: () => {},
      kill: () => (killed = true),
    });
    const message = 'The library /x/kindred.db is in use by kindred scan /photos (pid 42, since 2026-01-01T00:00:00.000Z).';
    setImmediate(() => toMain.forEach((l) => l({ type: 'failed', message })));
    await expect(client.ready).rejects.toThrow(message);
    expect(killed).toBe(true);
  });
});
