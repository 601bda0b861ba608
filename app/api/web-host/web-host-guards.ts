/**
 * The checks the web host makes on every request before anything else: the Host header (only this server's own
 * loopback names, which defeats DNS rebinding), the Origin of state-changing requests, and the session's keys.
 *
 * No cookie, ever: browsers send a host's cookies to every port of it, so any process listening on another 127.0.0.1
 * port would receive one. The key travels in a header the page adds to each call (`Authorization: Bearer`), and
 * media (which an <img> fetches without headers) sit under a second random key in their path that opens media only.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh session token: 32 random bytes, URL-safe. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** True only for `127.0.0.1:<port>` and `localhost:<port>`: the names this server is reached by. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
}

/** The origins whose pages may call the API (Origin is absent on same-origin GETs; present on POSTs). */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

/** The key a request presents: its `Authorization: Bearer` header (never a cookie, never the URL). */
export function presentedToken(headers: { authorization?: string }): string | undefined {
  return /^Bearer (\S+)$/.exec(headers.authorization ?? '')?.[1];
}

/** Splits `/<media key>/<kind>/<id>` (the path under /media) into the key it presents and the media path. */
export function splitMediaPath(rawPath: string): { key: string; path: string } | null {
  const match = /^\/([\w-]+)(\/.*)$/.exec(rawPath);
  return match ? { key: match[1]!, path: match[2]! } : null;
}

/** Compares tokens in constant time. */
export function sameToken(presented: string | undefined | null, expected: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
