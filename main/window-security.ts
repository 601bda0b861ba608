/**
 * The locks on every window: the web preferences (context isolation, sandbox, no Node), navigation and new windows
 * blocked, webviews refused, every permission request denied, and the CSP on whatever the session loads. Written
 * against the few Electron members they use, so tests can hand them fakes.
 */
import { originOf } from './app-protocol.js';

/**
 * The webPreferences of every Kindred window. A packaged build (`app.isPackaged`) has no DevTools: they would hand
 * whoever sits at the machine a console inside the renderer's origin.
 */
export function secureWebPreferences(preloadPath: string, options: { packaged?: boolean } = {}) {
  return {
    preload: preloadPath,
    devTools: !options.packaged,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  } as const;
}

/** A navigation-like event Electron lets us cancel. */
export interface PreventableEvent {
  preventDefault(): void;
}

/** What hardening needs of a webContents. */
export interface WebContentsLike {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
}

/** What hardening needs of a session. */
export interface SessionLike {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders: Record<string, string[]> }) => void,
      ) => void,
    ): void;
  };
}

/** Blocks new windows, navigation away from the app, and webviews. */
export function hardenWebContents(contents: WebContentsLike, appOrigin: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const stayHome = (event: PreventableEvent, url: string): void => {
    if (originOf(url) !== appOrigin) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Denies every permission (camera, notifications, geolocation…) and puts the CSP on every response. */
export function hardenSession(session: SessionLike, csp: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...(details.responseHeaders ?? {}) };
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [csp] } });
  });
}
