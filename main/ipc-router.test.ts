import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KINDRED_METHODS } from '../app/api/contract/contract.js';
import { APP_ORIGIN } from './app-protocol.js';
import { createEventForwarder, EVENT_CHANNEL, INVOKE_CHANNEL, registerIpcRouter, type IpcMainLike, type InvokeEventLike } from './ipc-router.js';
import { scannedLibrary, type ScannedLibrary } from './testing/scanned-library.js';

/** A hand-made ipcMain: records the handlers Electron would call. */
function fakeIpcMain() {
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  return { ipcMain, handlers };
}

const appFrame = { url: `${APP_ORIGIN}/index.html` };
const fromApp: InvokeEventLike = { senderFrame: appFrame, sender: { mainFrame: appFrame } };

let lib: ScannedLibrary;
let forwarded: string[];
let call: (event: InvokeEventLike, method: unknown, input?: unknown) => Promise<unknown>;
let dispose: () => void;
let handlers: ReturnType<typeof fakeIpcMain>['handlers'];

beforeAll(async () => {
  lib = await scannedLibrary();
  forwarded = [];
  const fake = fakeIpcMain();
  handlers = fake.handlers;
  dispose = registerIpcRouter(fake.ipcMain, {
    appOrigin: APP_ORIGIN,
    invoke: (method, input) => {
      forwarded.push(method);
      return lib.service.invoke(method, input);
    },
  });
  call = (event, method, input = {}) => handlers.get(INVOKE_CHANNEL)!(event, method, input);
});
afterAll(async () => {
  await lib.close();
});

describe('IPC router (Electron mocked: binary not available here)', () => {
  it('answers the app\'s top frame with the core\'s reply', async () => {
    expect(await call(fromApp, 'library.status')).toMatchObject({ ok: true, value: { photos: 5, problems: 1 } });
    expect(await call(fromApp, 'photos.get', { photoId: lib.photoIds[0] })).toMatchObject({ ok: true, value: { id: lib.photoIds[0] } });
    expect(forwarded).toEqual(['library.status', 'photos.get']);
  });

  it('refuses subframes, other origins and frames that are gone, without reaching the core', async () => {
    forwarded.length = 0;
    const sub = { url: `${APP_ORIGIN}/index.html` };
    const evil = { url: 'https://evil.example/' };
    const fileFrame = { url: 'file:///home/user/page.html' };
    for (const event of [
      { senderFrame: sub, sender: { mainFrame: appFrame } }, // a subframe, even of the app's origin
      { senderFrame: evil, sender: { mainFrame: evil } },
      { senderFrame: fileFrame, sender: { mainFrame: fileFrame } },
      { senderFrame: { url: 'kindred://other/index.html' }, sender: { mainFrame: appFrame } },
      { senderFrame: null, sender: { mainFrame: appFrame } },
    ]) {
      expect(await call(event, 'library.status')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(forwarded).toEqual([]);
  });

  it('rejects unknown methods and invalid input with typed errors, before the core', async () => {
    forwarded.length = 0;
    expect(await call(fromApp, 'library.drop')).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await call(fromApp, '__proto__')).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await call(fromApp, { toString: () => 'library.status' })).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await call(fromApp, 'photos.get', { photoId: -1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call(fromApp, 'photos.list', { limit: 1e9 })).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: ['limit'] }] } });
    expect(await call(fromApp, 'settings.set', { model: 'fast', evil: true })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call(fromApp, 'library.folders.add', 'not an object')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(forwarded).toEqual([]);
  });

  it('routes every method of the contract through the one channel', async () => {
    expect(KINDRED_METHODS.length).toBeGreaterThan(10);
    for (const method of KINDRED_METHODS) {
      const reply = (await call(fromApp, method, { definitely_not_a_field: 1 })) as { ok: boolean; error?: { code: string } };
      expect(reply.error?.code, method).toBe('invalid_input'); // known method (so routed), strict input
    }
  });

  it('forwards core events only to windows still showing the app', () => {
    const sent: { channel: string; message: unknown; to: string }[] = [];
    const target = (url: string, destroyed = false) => ({
      isDestroyed: () => destroyed,
      getURL: () => url,
      send: (channel: string, message: unknown) => sent.push({ channel, message, to: url }),
    });
    const forward = createEventForwarder(
      () => [target(`${APP_ORIGIN}/index.html#/photos`), target('https://evil.example/'), target(`${APP_ORIGIN}/index.html`, true)],
      APP_ORIGIN,
    );
    forward({ name: 'library.changed', payload: { changes: ['photos'] } });
    expect(sent).toEqual([
      { channel: EVENT_CHANNEL, message: { name: 'library.changed', payload: { changes: ['photos'] } }, to: `${APP_ORIGIN}/index.html#/photos` },
    ]);
  });

  it('removes its handler when disposed', () => {
    dispose();
    expect(handlers.has(INVOKE_CHANNEL)).toBe(false);
  });
});
