import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Library } from '../app/db/library.js';
import { makeTempDir } from '../app/testing/temp-dir.js';
import { START_FAILURE_TITLE } from './startup-failure.js';
import { WINDOW_STATE_FILE } from './window-state.js';

/**
 * main.ts itself, wired to a mocked `electron` module (the binary is not available here). The fake utilityProcess
 * opens the library the way core-process.ts does (Library.open, `failed` with the message when it throws), so a
 * corrupt or newer-schema database reaches main as it would in the app.
 */
const fake = vi.hoisted(() => {
  const state = {
    isPackaged: false,
    events: [] as string[],
    errorBoxes: [] as { title: string; content: string }[],
    windows: [] as {
      options: { webPreferences: Record<string, unknown>; x: number; y: number; width: number; height: number };
      url: string;
      maximized: boolean;
      listeners: Map<string, () => void>;
    }[],
    displays: [] as { workArea: { x: number; y: number; width: number; height: number } }[],
    menus: [] as unknown[],
    userData: '',
    openCore: (_dbPath: string, _post: (message: unknown) => void): void => undefined,
  };
  class FakeBrowserWindow {
    static getAllWindows = (): FakeBrowserWindow[] => [];
    url = '';
    webContents = { getURL: () => this.url };
    listeners = new Map<string, () => void>();
    maximized = false;
    constructor(readonly options: { webPreferences: Record<string, unknown>; x: number; y: number; width: number; height: number }) {
      state.windows.push(this);
    }
    once(event: string, listener: () => void): void {
      this.listeners.set(event, listener);
    }
    on(event: string, listener: () => void): void {
      this.listeners.set(event, listener);
    }
    show(): void {}
    maximize(): void {
      this.maximized = true;
    }
    isMaximized(): boolean {
      return this.maximized;
    }
    getNormalBounds() {
      const { x, y, width, height } = this.options;
      return { x, y, width, height };
    }
    loadURL(url: string): Promise<void> {
      this.url = url;
      return Promise.resolve();
    }
  }
  const display = (x: number, y: number, width: number, height: number) => ({ workArea: { x, y, width, height } });
  const electron = {
    app: {
      get isPackaged() {
        return state.isPackaged;
      },
      enableSandbox: () => undefined,
      requestSingleInstanceLock: () => true,
      releaseSingleInstanceLock: () => void state.events.push('releaseSingleInstanceLock'),
      whenReady: () => Promise.resolve(),
      on: () => undefined,
      getPath: () => state.userData,
      quit: () => void state.events.push('quit'),
      exit: (code?: number) => void state.events.push(`exit ${code}`),
    },
    BrowserWindow: FakeBrowserWindow,
    screen: { getAllDisplays: () => state.displays, getPrimaryDisplay: () => state.displays[0] },
    shell: { showItemInFolder: () => undefined, openPath: () => Promise.resolve('') },
    Notification: Object.assign(function Notification() {}, { isSupported: () => false }),
    Menu: { setApplicationMenu: (menu: unknown) => void state.menus.push(menu) },
    dialog: { showErrorBox: (title: string, content: string) => void (state.events.push('dialog'), state.errorBoxes.push({ title, content })) },
    ipcMain: { handle: () => undefined, on: () => undefined },
    protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
    session: { defaultSession: { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined, webRequest: { onHeadersReceived: () => undefined } } },
    utilityProcess: {
      fork: (_script: string, args: string[]) => {
        const listeners = { message: [] as ((m: unknown) => void)[], exit: [] as ((c: number | null) => void)[] };
        const child = {
          postMessage: () => undefined,
          on: (event: 'message' | 'exit', listener: (value: never) => void) =>
            void (listeners[event] as ((value: never) => void)[]).push(listener),
          kill: () => setImmediate(() => listeners.exit.forEach((l) => l(null))),
        };
        const dbPath = args[args.indexOf('--db') + 1]!;
        setImmediate(() => state.openCore(dbPath, (m) => listeners.message.forEach((l) => l(m))));
        return child;
      },
    },
  };
  return { state, electron, display };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

/** What core-process.ts does on start. */
function openLikeTheCore(dbPath: string, post: (message: unknown) => void): void {
  try {
    Library.open(dbPath, { command: 'the Kindred app' }).close();
    post({ type: 'ready' });
  } catch (error) {
    post({ type: 'failed', message: (error as Error).message });
  }
}

let temp: { dir: string; cleanup(): void };
beforeEach(() => {
  vi.resetModules();
  temp = makeTempDir('kindred-main-start-');
  Object.assign(fake.state, {
    isPackaged: false,
    events: [],
    errorBoxes: [],
    windows: [],
    menus: [],
    userData: temp.dir,
    openCore: openLikeTheCore,
    displays: [fake.display(0, 0, 1920, 1040)],
  });
  delete process.env['KINDRED_DB'];
});
afterEach(() => temp.cleanup());

async function startMain(): Promise<void> {
  await import('./main.js');
}

describe('desktop start-up (Electron mocked: binary not available here)', () => {
  it('a corrupt library: the error in a dialog, the single-instance lock released, then exit 1, no window', async () => {
    writeFileSync(join(temp.dir, 'kindred.db'), 'this is not a SQLite database, just bytes where one should be'.repeat(100));
    await startMain();
    await vi.waitFor(() => expect(fake.state.events).toContain('exit 1'));
    expect(fake.state.events).toEqual(['dialog', 'releaseSingleInstanceLock', 'exit 1']);
    expect(fake.state.errorBoxes[0]!.title).toBe(START_FAILURE_TITLE);
    expect(fake.state.errorBoxes[0]!.content).toMatch(/not a database/i);
    expect(fake.state.windows).toHaveLength(0);
  });

  it('a library from a newer Kindred: its message in the dialog, lock released, exit 1', async () => {
    const db = new Database(join(temp.dir, 'kindred.db'));
    db.pragma('user_version = 999');
    db.close();
    await startMain();
    await vi.waitFor(() => expect(fake.state.events).toContain('exit 1'));
    expect(fake.state.events).toEqual(['dialog', 'releaseSingleInstanceLock', 'exit 1']);
    expect(fake.state.errorBoxes[0]!.content).toMatch(/newer version of Kindred/);
  });

  it('a core that dies before it opened the library fails the same way', async () => {
    fake.state.openCore = () => undefined; // never answers…
    const { electron } = fake;
    const fork = electron.utilityProcess.fork;
    electron.utilityProcess.fork = (script: string, args: string[]) => {
      const child = fork(script, args);
      setImmediate(() => child.kill()); // …and exits
      return child;
    };
    try {
      await startMain();
      await vi.waitFor(() => expect(fake.state.events).toContain('exit 1'));
    } finally {
      electron.utilityProcess.fork = fork;
    }
    expect(fake.state.events).toEqual(['dialog', 'releaseSingleInstanceLock', 'exit 1']);
    expect(fake.state.errorBoxes[0]!.content).toMatch(/stopped before it opened the library/);
  });

  it('packaged: no DevTools in the window and no application menu', async () => {
    fake.state.isPackaged = true;
    await startMain();
    await vi.waitFor(() => expect(fake.state.windows).toHaveLength(1));
    expect(fake.state.windows[0]!.options.webPreferences).toMatchObject({ devTools: false, contextIsolation: true, sandbox: true });
    expect(fake.state.menus).toEqual([null]);
    expect(fake.state.events).toEqual([]);
  });

  it('unpackaged (npm start): DevTools available and the default menu kept', async () => {
    await startMain();
    await vi.waitFor(() => expect(fake.state.windows).toHaveLength(1));
    expect(fake.state.windows[0]!.options.webPreferences).toMatchObject({ devTools: true });
    expect(fake.state.menus).toEqual([]);
  });

  it('first start: the default size centred on the primary display, at the default view; closing saves size, place and view', async () => {
    await startMain();
    await vi.waitFor(() => expect(fake.state.windows[0]?.url).toBeTruthy());
    const window = fake.state.windows[0]!;
    expect(window.options).toMatchObject({ x: 320, y: 110, width: 1280, height: 820 });
    expect(window.url).toBe('kindred://app/index.html');
    window.url = 'kindred://app/index.html#/people/12';
    window.listeners.get('close')!();
    expect(JSON.parse(readFileSync(join(temp.dir, WINDOW_STATE_FILE), 'utf8'))).toEqual({
      bounds: { x: 320, y: 110, width: 1280, height: 820 },
      maximized: false,
      view: 'people',
    });
  });

  it('restores the saved window, maximised, at the last view', async () => {
    fake.state.displays = [fake.display(0, 0, 1920, 1040), fake.display(1920, 0, 1280, 1000)];
    const saved = { bounds: { x: 2000, y: 40, width: 1000, height: 700 }, maximized: true, view: 'photos' };
    writeFileSync(join(temp.dir, WINDOW_STATE_FILE), JSON.stringify(saved));
    await startMain();
    await vi.waitFor(() => expect(fake.state.windows[0]?.url).toBeTruthy());
    const window = fake.state.windows[0]!;
    expect(window.options).toMatchObject(saved.bounds);
    expect(window.url).toBe('kindred://app/index.html#/photos');
    window.listeners.get('ready-to-show')!();
    expect(window.maximized).toBe(true);
  });

  it('a window saved on a display that is gone comes back onto the primary one; a tampered file is ignored', async () => {
    writeFileSync(join(temp.dir, WINDOW_STATE_FILE), JSON.stringify({ bounds: { x: 2000, y: 40, width: 1000, height: 700 }, maximized: false, view: 'photos' }));
    await startMain();
    await vi.waitFor(() => expect(fake.state.windows[0]?.url).toBeTruthy());
    expect(fake.state.windows[0]!.options).toMatchObject({ x: 460, y: 170, width: 1000, height: 700 });

    vi.resetModules();
    fake.state.windows = [];
    writeFileSync(join(temp.dir, WINDOW_STATE_FILE), JSON.stringify({ bounds: { x: 0, y: 0, width: 900, height: 600 }, maximized: false, view: '//evil.example/' }));
    await startMain();
    await vi.waitFor(() => expect(fake.state.windows[0]?.url).toBeTruthy());
    expect(fake.state.windows[0]!.url).toBe('kindred://app/index.html');
    expect(fake.state.windows[0]!.options).toMatchObject({ width: 1280, height: 820 });
  });
});
