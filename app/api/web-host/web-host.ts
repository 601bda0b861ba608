/**
 * Serves the built renderer and the contract over HTTP, for browsers (where Electron cannot run) and for the e2e
 * tests: POST /api/<method> with a JSON body for calls, GET /api/events for Server-Sent Events, GET
 * /media/<media key>/<kind>/<id> for thumbnails and face crops; everything else is the built renderer, which holds
 * nothing of the library and is served to anyone who names this server. Bound to 127.0.0.1 only; every request must
 * name this server in its Host header. Calls and events need the session key in an `Authorization: Bearer` header,
 * media the separate media key in their path; no cookie is ever set (a cookie would reach every 127.0.0.1 port). The
 * page gets both keys once, in the fragment of the printed URL (never sent to a server), and keeps them in
 * sessionStorage.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import type { ApiErrorCode, ApiErrorPayload, ApiResult } from '../contract/api-error.js';
import { contentSecurityPolicy, SECURITY_HEADERS } from '../contract/content-security-policy.js';
import { MAX_REQUEST_BODY_BYTES } from '../contract/common-schemas.js';
import type { KindredService } from '../service/kindred-service.js';
import { parseMediaPath } from '../contract/media-path.js';
import { contentTypeOf, resolveStaticFile } from '../service/static-files.js';
import { generateToken, isAllowedHost, isAllowedOrigin, presentedToken, sameToken, splitMediaPath } from './web-host-guards.js';

export interface WebHostOptions {
  service: KindredService;
  /** The built renderer (renderer/dist). */
  rendererDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The session key (calls and events); a fresh random one by default. */
  token?: string;
  /** The key under which media are served (opens media only); a fresh random one by default. */
  mediaKey?: string;
  /** Where unexpected errors are reported. */
  log?: (message: string) => void;
}

export interface WebHost {
  port: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The URL to open: the origin with both keys in its fragment (`#key=…&media=…`), which the page keeps. */
  url: string;
  token: string;
  mediaKey: string;
  close(): Promise<void>;
}

const HEARTBEAT_MS = 15_000;
const CSP = contentSecurityPolicy();
const UNAUTHORIZED = 'Unauthorized: open the URL that `kindred serve` printed.';

const STATUS_OF: Record<ApiErrorCode, number> = {
  invalid_input: 400,
  unknown_method: 404,
  not_found: 404,
  conflict: 409,
  busy: 409,
  forbidden: 403,
  unavailable: 503,
  internal: 500,
};

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? generateToken();
  const mediaKey = options.mediaKey ?? generateToken();
  const log = options.log ?? ((m: string) => console.error(m));
  const streams = new Set<ServerResponse>();
  let port = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`kindred serve: ${req.method} ${req.url}: ${(error as Error)?.stack ?? String(error)}`);
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    res.setHeader('Content-Security-Policy', CSP);
    if (!isAllowedHost(req.headers.host, port)) return sendText(res, 403, 'Forbidden: this server answers only to 127.0.0.1 and localhost.');
    const rawPath = (req.url ?? '/').split('?')[0]!;

    if (rawPath.startsWith('/api/')) {
      if (!sameToken(presentedToken(req.headers), token)) return sendText(res, 401, UNAUTHORIZED);
      if (!isAllowedOrigin(req.headers.origin, port)) return sendText(res, 403, 'Forbidden: cross-origin request');
      if (rawPath === '/api/events') {
        if (req.method !== 'GET') return sendText(res, 405, 'Method not allowed');
        return openEventStream(req, res);
      }
      if (req.method !== 'POST') return sendText(res, 405, 'Method not allowed');
      return handleCall(req, res, rawPath.slice('/api/'.length));
    }
    if (rawPath.startsWith('/media/')) {
      const media = splitMediaPath(rawPath.slice('/media'.length));
      if (!media || !sameToken(media.key, mediaKey)) return sendText(res, 401, UNAUTHORIZED);
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed');
      return handleMedia(req, res, media.path);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed');
    return handleStatic(req, res, rawPath);
  }

  async function handleCall(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (!/^application\/json(;|$)/i.test(req.headers['content-type'] ?? '')) {
      return sendJson(res, 415, failure('invalid_input', 'Send the input as application/json'));
    }
    const body = await readBody(req, MAX_REQUEST_BODY_BYTES);
    if (body === null) return sendJson(res, 413, failure('invalid_input', `The input is larger than ${MAX_REQUEST_BODY_BYTES} bytes`));
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      return sendJson(res, 400, failure('invalid_input', 'The input is not valid JSON'));
    }
    const result = await options.service.invoke(method, input);
    sendJson(res, result.ok ? 200 : STATUS_OF[result.error.code], result);
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write('retry: 2000\n\n');
    streams.add(res);
    const unsubscribe = options.service.subscribe((event) => {
      res.write(`event: ${event.name}\ndata: ${JSON.stringify(event.payload)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const stop = (): void => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    };
    req.on('close', stop);
    res.on('close', stop);
  }

  async function handleMedia(req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> {
    const ref = parseMediaPath(rawPath);
    if (!ref) return sendText(res, 404, 'Not found');
    const media = await options.service.resolveMedia(ref);
    if (!media.found) return sendText(res, 404, 'Not found');
    await sendFile(req, res, media.path, media.contentType, 'private, max-age=0, must-revalidate');
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> {
    const path = resolveStaticFile(options.rendererDir, rawPath);
    if (!path) return sendText(res, 404, 'Not found');
    const cache = rawPath.startsWith('/assets/') ? 'private, max-age=31536000, immutable' : 'no-cache';
    await sendFile(req, res, path, contentTypeOf(path), cache);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    port,
    origin,
    url: `${origin}/#key=${token}&media=${mediaKey}`,
    token,
    mediaKey,
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of streams) stream.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function failure(code: ApiErrorCode, message: string): ApiResult<never> {
  const error: ApiErrorPayload = { code, message };
  return { ok: false, error };
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(body);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

/** Streams a file (404 when it is not a regular file), answering 304 when the client has this version. */
async function sendFile(req: IncomingMessage, res: ServerResponse, path: string, contentType: string, cacheControl: string): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return sendText(res, 404, 'Not found');
  const etag = `"${basename(path)}-${info.size}-${Math.round(info.mtimeMs)}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', cacheControl);
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': info.size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(path);
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    stream.on('end', resolve);
    stream.pipe(res);
  });
}

/** The request body, or null when it exceeds `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
