/**
 * The checks the web host makes on every request before anything else: the Host header (only this server's own
 * loopback names, which defeats DNS rebinding), the Origin of state-changing requests, and the session token.
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

/** The cookie that carries the token; named per port, since browsers share cookies between a host's ports. */
export function tokenCookieName(port: number): string {
  return `kindred_token_${port}`;
}

/** The token a request presents: the session cookie, else an `Authorization: Bearer` header. */
export function presentedToken(headers: { cookie?: string; authorization?: string }, port: number): string | undefined {
  const bearer = /^Bearer (\S+)$/.exec(headers.authorization ?? '');
  if (bearer) return bearer[1];
  return parseCookies(headers.cookie)[tokenCookieName(port)];
}

/** Compares tokens in constant time. */
export function sameToken(presented: string | undefined | null, expected: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    cookies[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return cookies;
}
