/**
 * The Electron main process, kept thin: it registers the app's schemes, starts the core in a utility process,
 * wires IPC to the contract, opens one locked-down window, and on quit lets the core pause its job and close the
 * library. All decisions live in the small modules it wires (tested under Node); this file only connects them.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, utilityProcess } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../app/shared/paths.js';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, createAppProtocolHandler, ELECTRON_CSP, MEDIA_SCHEME, PRIVILEGED_SCHEMES } from './app-protocol.js';
import { CoreClient } from './core-client.js';
import type { CoreMessage } from './core-messages.js';
import { createEventForwarder, registerIpcRouter } from './ipc-router.js';
import { createMediaProtocolHandler } from './media-protocol.js';
import { createQuitGuard } from './quit-guard.js';
import { failStartup } from './startup-failure.js';
import { hardenSession, hardenWebContents, secureWebPreferences } from './window-security.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = join(projectRoot, 'renderer', 'dist');

// Must happen before the app is ready.
protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES.map((s) => ({ scheme: s.scheme, privileges: { ...s.privileges } })));
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, APP_ORIGIN));
  // Any start-up failure (the library cannot be opened, the window cannot load) ends in a dialog and an exit.
  void app
    .whenReady()
    .then(start)
    .catch((error: unknown) => failStartup(app, dialog, error));
}

async function start(): Promise<void> {
  const dbPath = process.env['KINDRED_DB'] || join(app.getPath('userData'), 'kindred.db');
  const child = utilityProcess.fork(join(here, 'core-process.js'), ['--db', dbPath], { serviceName: 'Kindred core', stdio: 'inherit' });
  const core = new CoreClient({
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', (message: CoreMessage) => listener(message)),
    onExit: (listener) => child.on('exit', (code) => listener(code)),
    kill: () => child.kill(),
  });

  hardenSession(session.defaultSession, ELECTRON_CSP);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
  protocol.handle(MEDIA_SCHEME, createMediaProtocolHandler({ resolve: (ref) => core.resolveMedia(ref) }));
  registerIpcRouter(ipcMain, { invoke: (method, input) => core.invoke(method, input), appOrigin: APP_ORIGIN });
  core.onEvent(createEventForwarder(() => BrowserWindow.getAllWindows().map((w) => w.webContents), APP_ORIGIN));
  app.on('before-quit', createQuitGuard(() => core.shutdown(), () => app.quit()));
  app.on('window-all-closed', () => app.quit());
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());

  // Rejects with the core's message when it could not open the library (locked, corrupt, newer schema) or stopped.
  await core.ready;
  // A packaged build has no default menu (its View menu opens DevTools and reloads the renderer).
  if (app.isPackaged) Menu.setApplicationMenu(null);
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 760,
    minHeight: 480,
    title: 'Kindred',
    show: false,
    backgroundColor: '#121316',
    webPreferences: secureWebPreferences(join(here, 'preload.cjs'), { packaged: app.isPackaged }),
  });
  window.once('ready-to-show', () => window.show());
  await window.loadURL(APP_ENTRY_URL);
}
