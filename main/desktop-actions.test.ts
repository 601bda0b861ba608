import { mkdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN } from './app-protocol.js';
import { createDesktopHandlers, isInsideFolders, type FolderDialogLike } from './desktop-actions.js';
import { registerIpcRouter, type InvokeEventLike } from './ipc-router.js';
import { scannedLibrary, type ScannedLibrary } from './testing/scanned-library.js';

/**
 * The desktop part of the contract through the IPC router, against a real core service over a scanned library;
 * Electron's dialog and shell are hand-made recorders (the binary is not available here).
 */
const appFrame = { url: `${APP_ORIGIN}/index.html` };
const fromApp: InvokeEventLike = { senderFrame: appFrame, sender: { mainFrame: appFrame } };
const evil = { url: 'https://evil.example/' };

let lib: ScannedLibrary;
let handler: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;
let nextChoice: { canceled: boolean; filePaths: string[] };
const dialogCalls: unknown[] = [];
const shown: string[] = [];
const opened: string[] = [];
let openFailure = '';
const forwarded: string[] = [];

beforeAll(async () => {
  lib = await scannedLibrary();
  const dialog: FolderDialogLike = {
    showOpenDialog: async (options) => (dialogCalls.push(options), nextChoice),
  };
  const invoke = (method: string, input: unknown) => (forwarded.push(method), lib.service.invoke(method, input));
  registerIpcRouter(
    { handle: (_channel, listener) => void (handler = listener), removeHandler: () => undefined },
    {
      appOrigin: APP_ORIGIN,
      invoke,
      desktop: createDesktopHandlers({
        invoke,
        dialog,
        shell: { showItemInFolder: (path) => void shown.push(path), openPath: async (path) => (opened.push(path), openFailure) },
      }),
    },
  );
});
afterAll(async () => {
  await lib.close();
});

const call = (method: string, input: unknown = {}, event = fromApp) => handler(event, method, input) as Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;

describe('desktop actions in the main process (Electron mocked: binary not available here)', () => {
  it('the folder picker adds only the chosen folder, through the core', async () => {
    const chosen = join(lib.root, 'more photos');
    mkdirSync(chosen);
    nextChoice = { canceled: false, filePaths: [chosen] };
    const reply = await call('desktop.folders.pick');
    expect(reply).toMatchObject({ ok: true, value: { status: 'added', folder: { path: chosen } } });
    expect(dialogCalls.at(-1)).toMatchObject({ properties: ['openDirectory', 'createDirectory'] });
    expect(forwarded).toContain('library.folders.add');
    const folders = (await lib.service.invoke('library.folders.list', {})) as { value: { path: string }[] };
    expect(folders.value.map((f) => f.path)).toContain(chosen);
  });

  it('a cancelled picker adds nothing; the picker takes no input from the renderer', async () => {
    forwarded.length = 0;
    nextChoice = { canceled: true, filePaths: [] };
    expect(await call('desktop.folders.pick')).toEqual({ ok: true, value: { status: 'cancelled' } });
    expect(await call('desktop.folders.pick', { path: '/etc' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(forwarded).toEqual([]);
  });

  it('shows and opens a library photo by id, acting on its file inside the library folder', async () => {
    const photoId = lib.photoIds[0]!;
    const show = await call('desktop.photo.showInFolder', { photoId });
    expect(show).toMatchObject({ ok: true });
    const path = (show.value as { path: string }).path;
    expect(path.startsWith(join(lib.root, 'photos') + '/')).toBe(true);
    expect(shown).toEqual([path]);
    expect(await call('desktop.photo.open', { photoId })).toEqual({ ok: true, value: { path } });
    expect(opened).toEqual([path]);
    openFailure = 'No application knows how to open this file';
    expect(await call('desktop.photo.open', { photoId })).toMatchObject({ ok: false, error: { code: 'internal', message: /No application/ } });
    openFailure = '';
  });

  it('refuses paths, unknown photos, files gone from disk and untrusted frames, touching nothing', async () => {
    shown.length = 0;
    opened.length = 0;
    expect(await call('desktop.photo.open', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call('desktop.photo.open', { photoId: 1, path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call('desktop.photo.showInFolder', { photoId: '../../etc' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call('desktop.photo.open', { photoId: 999_999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call('desktop.photo.open', { photoId: lib.photoIds[0] }, { senderFrame: evil, sender: { mainFrame: evil } })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // A file deleted behind the library's back (not rescanned yet) is not handed to the shell.
    const gone = (await call('desktop.photo.showInFolder', { photoId: lib.photoIds[1] })).value as { path: string };
    shown.length = 0;
    unlinkSync(gone.path);
    expect(await call('desktop.photo.showInFolder', { photoId: lib.photoIds[1] })).toMatchObject({ ok: false, error: { code: 'not_found', message: /no longer/ } });
    expect(shown).toEqual([]);
    expect(opened).toEqual([]);
  });

  it('a path counts as a library file only when normal and under a library folder', () => {
    const prefixes = ['/home/ann/Pictures/'];
    expect(isInsideFolders('/home/ann/Pictures/2024/a.jpg', prefixes)).toBe(true);
    expect(isInsideFolders('/home/ann/Pictures/../.ssh/id_rsa', prefixes)).toBe(false);
    expect(isInsideFolders('/home/ann/Pictures-old/a.jpg', prefixes)).toBe(false);
    expect(isInsideFolders('Pictures/a.jpg', prefixes)).toBe(false);
    expect(isInsideFolders('/etc/passwd', prefixes)).toBe(false);
  });
});
