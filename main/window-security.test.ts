import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, ELECTRON_CSP } from './app-protocol.js';
import { hardenSession, hardenWebContents, secureWebPreferences, type SessionLike, type WebContentsLike } from './window-security.js';

describe('window hardening (Electron mocked: binary not available here)', () => {
  it('isolates the renderer: context isolation, sandbox, no Node, no webviews', () => {
    expect(secureWebPreferences('/app/preload.cjs')).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('has DevTools only when not packaged', () => {
    expect(secureWebPreferences('/p.cjs', { packaged: true }).devTools).toBe(false);
    expect(secureWebPreferences('/p.cjs', { packaged: false }).devTools).toBe(true);
  });

  it('denies new windows and blocks navigation away from the app and webviews', () => {
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    const contents: WebContentsLike = {
      setWindowOpenHandler: (h) => void (openHandler = h),
      on: (event: string, listener: (e: { preventDefault(): void }, url?: string) => void) => listeners.set(event, listener),
    } as WebContentsLike;
    hardenWebContents(contents, APP_ORIGIN);
    expect(openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: `${APP_ORIGIN}/index.html` })).toEqual({ action: 'deny' });

    const tryNavigate = (event: string, url: string): boolean => {
      let prevented = false;
      listeners.get(event)!({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    for (const event of ['will-navigate', 'will-redirect']) {
      expect(tryNavigate(event, 'https://evil.example/')).toBe(true);
      expect(tryNavigate(event, 'file:///etc/passwd')).toBe(true);
      expect(tryNavigate(event, 'kindred://elsewhere/')).toBe(true);
      expect(tryNavigate(event, 'javascript:alert(1)')).toBe(true);
      expect(tryNavigate(event, `${APP_ORIGIN}/index.html`)).toBe(false);
    }
    expect(tryNavigate('will-attach-webview', '')).toBe(true);
  });

  it('denies every permission and sets the CSP on every response', () => {
    let request: ((wc: unknown, p: string, cb: (granted: boolean) => void) => void) | undefined;
    let check: ((wc: unknown, p: string) => boolean) | undefined;
    let headers: ((d: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void) | undefined;
    const session: SessionLike = {
      setPermissionRequestHandler: (h) => void (request = h),
      setPermissionCheckHandler: (h) => void (check = h),
      webRequest: { onHeadersReceived: (l) => void (headers = l) },
    };
    hardenSession(session, ELECTRON_CSP);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | undefined;
      request!({}, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
      expect(check!({}, permission)).toBe(false);
    }
    let result: Record<string, string[]> | undefined;
    headers!({ responseHeaders: { 'content-security-policy': ["default-src *"], 'X-Other': ['1'] } }, (r) => (result = r.responseHeaders));
    expect(result).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [ELECTRON_CSP] });
  });
});
