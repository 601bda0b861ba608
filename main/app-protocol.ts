/**
 * The schemes the desktop app loads from: `kindred://app/…` serves the built renderer (a real origin, so the CSP's
 * 'self' means the app and nothing else, unlike file://), `kindred-media://media/…` serves thumbnails and face
 * crops by id. Pure: the handlers take URLs and return Responses, so they run under plain Node in tests.
 */
import { readFile } from 'node:fs/promises';
import { contentSecurityPolicy, SECURITY_HEADERS } from '../app/api/contract/content-security-policy.js';
import { contentTypeOf, resolveStaticFile } from '../app/api/service/static-files.js';

export const APP_SCHEME = 'kindred';
export const APP_HOST = 'app';
/** The renderer's origin, as `${protocol}//${host}` (URL.origin is "null" for custom schemes under Node). */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
export const MEDIA_SCHEME = 'kindred-media';

/** The renderer's CSP inside Electron: the web host's, plus images from the media scheme. */
export const ELECTRON_CSP = contentSecurityPolicy({ imageSources: [`${MEDIA_SCHEME}:`] });

/**
 * Privileges to register before the app is ready: standard (real origins, relative URLs), secure (like https),
 * fetch and CORS for the app (module scripts load in CORS mode). Neither bypasses the CSP.
 */
export const PRIVILEGED_SCHEMES = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
] as const;

/** `${protocol}//${host}` of a URL, or null when it does not parse. */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/** A minimal request, as Electron's protocol handler and tests both provide. */
export interface ProtocolRequest {
  url: string;
  method?: string;
}

/** Serves the built renderer from `rendererDir` on the app scheme, with the CSP on every response. */
export function createAppProtocolHandler(rendererDir: string): (request: ProtocolRequest) => Promise<Response> {
  return async (request) => {
    const method = request.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') return textResponse(405, 'Method not allowed');
    const prefix = `${APP_ORIGIN}/`;
    if (!request.url.startsWith(prefix)) return textResponse(404, 'Not found');
    const rawPath = '/' + request.url.slice(prefix.length).split(/[?#]/)[0];
    const path = resolveStaticFile(rendererDir, rawPath);
    if (!path) return textResponse(404, 'Not found');
    try {
      return new Response(method === 'HEAD' ? null : new Uint8Array(await readFile(path)), {
        status: 200,
        headers: { ...securityHeaders(), 'Content-Type': contentTypeOf(path) },
      });
    } catch {
      return textResponse(404, 'Not found');
    }
  };
}

export function securityHeaders(): Record<string, string> {
  return { ...SECURITY_HEADERS, 'Content-Security-Policy': ELECTRON_CSP, 'Cross-Origin-Resource-Policy': 'same-site' };
}

export function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' } });
}
