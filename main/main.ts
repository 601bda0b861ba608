/**
 * The Electron main process, kept thin: it registers the app's schemes, starts the core in a utility process,
 * wires IPC to the contract, opens one locked-down window, and on quit lets the core pause its job and close the
 * library. All decisions live in the small modules it wires (tested under Node); this file only connects them.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, protocol, screen, session, shell, utilityProcess } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../app/shared/paths.js';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, createAppProtocolHandler, ELECTRON_CSP, MEDIA_SCHEME, PRIVILEGED_SCHEMES } from './app-protocol.js';
import { CoreClient } from './core-client.js';
import type { CoreMessage } from './core-messages.js';
import { createDesktopHandlers } from './desktop-actions.js';
import { createEventForwarder, registerIpcRouter } from './ipc-router.js';
import { createJobProgressReporter, notifyWhenJobsEndSetting } from './job-progress-reporter.js';
import { createMediaProtocolHandler } from './media-protocol.js';
import { createQuitGuard } from './quit-guard.js';
import { failStartup } from './startup-failure.js';
import { hardenSession, hardenWebContents, secureWebPreferences } from './window-security.js';
import { fitToDisplays, loadWindowState, MIN_SIZE, saveWindowStateOnClose, WINDOW_STATE_FILE } from './window-state.js';

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
  let window: BrowserWindow | null = null;
  const invoke = (method: string, input: unknown) => core.invoke(method, input);
  const desktop = createDesktopHandlers({
    invoke,
    dialog: { showOpenDialog: (options) => (window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options)) },
    shell: { showItemInFolder: (path) => shell.showItemInFolder(path), openPath: (path) => shell.openPath(path) },
  });
  registerIpcRouter(ipcMain, { invoke, appOrigin: APP_ORIGIN, desktop });
  core.onEvent(createEventForwarder(() => BrowserWindow.getAllWindows().map((w) => w.webContents), APP_ORIGIN));
  core.onEvent(
    createJobProgressReporter({
      window: () => window,
      notify: (title, body) => {
        if (!Notification.isSupported()) return;
        const note = new Notification({ title, body });
        note.on('click', () => {
          window?.show();
          window?.focus();
        });
        note.show();
      },
      notificationsWanted: () => notifyWhenJobsEndSetting(invoke),
    }),
  );
  app.on('before-quit', createQuitGuard(() => core.shutdown(), () => app.quit()));
  app.on('window-all-closed', () => app.quit());
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());

  // Rejects with the core's message when it could not open the library (locked, corrupt, newer schema) or stopped.
  await core.ready;
  // A packaged build has no default menu (its View menu opens DevTools and reloads the renderer).
  if (app.isPackaged) Menu.setApplicationMenu(null);
  // Where the user left the window (moved back onto a display if that one is gone), and the view they were on.
  const stateFile = join(app.getPath('userData'), WINDOW_STATE_FILE);
  const saved = loadWindowState(stateFile);
  const bounds = fitToDisplays(saved?.bounds ?? null, screen.getAllDisplays().map((d) => d.workArea), screen.getPrimaryDisplay().workArea);
  window = new BrowserWindow({
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Kindred',
    show: false,
    backgroundColor: '#121316',
    webPreferences: secureWebPreferences(join(here, 'preload.cjs'), { packaged: app.isPackaged }),
  });
  const shown = window;
  shown.once('ready-to-show', () => {
    if (saved?.maximized) shown.maximize();
    shown.show();
  });
  saveWindowStateOnClose(shown, stateFile);
  shown.on('closed', () => (window = null));
  await shown.loadURL(saved?.view ? `${APP_ENTRY_URL}#/${saved.view}` : APP_ENTRY_URL);
}
