/**
 * The web host's locks, tested against a real `kindred serve` over raw HTTP: CSP and security headers, the session
 * key (a header, never a cookie) and the media key (a path prefix that opens media only), the Host and Origin checks,
 * media only by database id (no path traversal), and typed rejection of invalid input.
 */
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../app/testing/temp-dir.js';
import { LONG } from './support/app-session.js';
import { startKindredServer, type KindredServer } from './support/kindred-server.js';
import { makePhotoFolder } from './support/photo-folder.js';
import { rawRequest, type RawResponse } from './support/raw-http.js';
import { ensureRendererBuilt } from './support/renderer-build.js';
import { MAX_REQUEST_BODY_BYTES } from '../app/api/contract/common-schemas.js';

let server: KindredServer;
let cleanup: () => void;
let photoId: number;

const auth = (): Record<string, string> => ({ Authorization: `Bearer ${server.token}` });
/** Where this session's media are served: under the media key. */
const media = (): string => `/media/${server.mediaKey}`;
const get = (path: string, headers: Record<string, string> = auth()): Promise<RawResponse> => rawRequest(server.port, path, { headers });
const call = (method: string, input: unknown, headers: Record<string, string> = {}): Promise<RawResponse> =>
  rawRequest(server.port, `/api/${method}`, {
    method: 'POST',
    headers: { ...auth(), 'Content-Type': 'application/json', ...headers },
    body: typeof input === 'string' ? input : JSON.stringify(input),
  });

beforeAll(async () => {
  let root: string;
  ({ dir: root, cleanup } = makeTempDir('kindred-e2e-'));
  await ensureRendererBuilt();
  const folder = await makePhotoFolder(join(root, 'photos'), 3);
  server = await startKindredServer(join(root, 'data', 'kindred.db'));
  expect((await call('library.folders.add', { path: folder })).status).toBe(200);
  await call('library.scan.start', {});
  // Wait for the scan to finish (no job running, photos catalogued), checking every 100 ms up to a deadline.
  const deadline = Date.now() + LONG;
  for (;;) {
    const status = JSON.parse((await call('library.status', {})).body) as { value: { job: unknown; photos: number } };
    if (!status.value.job && status.value.photos > 0) break;
    if (Date.now() > deadline) {
      throw new Error(`the setup scan did not finish within ${LONG / 1000} s; last library.status: ${JSON.stringify(status.value)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const photos = JSON.parse((await call('photos.list', {})).body) as { value: { items: { id: number }[] } };
  photoId = photos.value.items[0]!.id;
}, 300_000); // the renderer build, the server's start and the scan, each with its own limit

afterAll(async () => {
  expect(await server?.stop()).toBe(0);
  cleanup?.();
});

describe('kindred serve: headers', () => {
  it('sends a strict Content-Security-Policy and the other security headers on every response', async () => {
    const responses = [await get('/'), await get(`${media()}/thumbnail/999999`), await call('library.status', {}), await call('library.status', {}, { Authorization: '' })];
    expect(responses.map((r) => r.status)).toEqual([200, 404, 200, 401]);
    for (const response of responses) {
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('serves the built renderer, with no inline script', async () => {
    const index = await get('/');
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.body).toMatch(/<script type="module" crossorigin src="\.\/assets\/index-[\w-]+\.js"><\/script>/);
    expect(index.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const script = /src="\.(\/assets\/index-[\w-]+\.js)"/.exec(index.body)![1]!;
    const asset = await get(script);
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
  });
});

describe('kindred serve: the session keys', () => {
  it('refuses calls, events and media without their key', async () => {
    for (const path of ['/api/events', `/media/thumbnail/${photoId}`, `/media/x/thumbnail/${photoId}`]) {
      expect((await get(path, {})).status, path).toBe(401);
    }
    expect((await call('library.status', {}, { Authorization: '' })).status).toBe(401);
  });

  it('refuses a wrong key, a key in a cookie or the URL, and each key where the other belongs', async () => {
    const wrong = server.token.slice(0, -2) + (server.token.endsWith('AA') ? 'BB' : 'AA');
    expect((await call('library.status', {}, { Authorization: `Bearer ${wrong}` })).status).toBe(401);
    expect((await call('library.status', {}, { Authorization: '', Cookie: `kindred_token_${server.port}=${server.token}` })).status).toBe(401);
    expect((await get(`/api/events?token=${server.token}`, {})).status).toBe(401);
    expect((await call('library.status', {}, { Authorization: `Bearer ${server.mediaKey}` })).status).toBe(401);
    expect((await get(`/media/${server.token}/thumbnail/${photoId}`, {})).status).toBe(401);
    expect((await get(`/media/thumbnail/${photoId}`)).status).toBe(401); // the session key does not open media paths
  });

  it('never sets a cookie: the page is served without a key, the keys live in the URL fragment only', async () => {
    expect(server.url).toBe(`${server.origin}/#key=${server.token}&media=${server.mediaKey}`);
    for (const response of [await get('/', {}), await get(`/?token=${server.token}`, {}), await call('library.status', {}), await get(`${media()}/thumbnail/${photoId}`, {})]) {
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    expect((await get('/', {})).status).toBe(200);
  });
});

describe('kindred serve: Host and Origin', () => {
  it('refuses a foreign Host header even with the right token (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${server.port}`, `127.0.0.1:${server.port + 1}`, `localhost.evil.example:${server.port}`, '127.0.0.1', '[::1]:' + server.port]) {
      const response = await get('/', { ...auth(), Host: host });
      expect(response.status, host).toBe(403);
    }
    expect((await get('/', { ...auth(), Host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('refuses calls from another origin', async () => {
    expect((await call('library.status', {}, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await call('library.status', {}, { Origin: server.origin })).status).toBe(200);
  });

  it('listens on 127.0.0.1 only', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (!external) return; // no other interface on this machine: nothing else could be reached anyway
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
      const req = request({ host: external, port: server.port, path: '/', timeout: 2000 }, () => resolve(null));
      req.on('error', (e) => resolve(e));
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      req.end();
    });
    expect(error?.code).toMatch(/ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH/);
  });
});

describe('kindred serve: media by id only', () => {
  it('serves a thumbnail the database knows', async () => {
    const thumbnail = await get(`${media()}/thumbnail/${photoId}`, {});
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers['content-type']).toBe('image/webp');
  });

  it('refuses unknown ids and anything that is not exactly /media/<kind>/<id>', async () => {
    const refused = [
      '/thumbnail/999999',
      '/face/999999',
      '/face/0',
      '/thumbnail/-1',
      '/thumbnail/1.0',
      '/thumbnail/99999999999999999999',
      `/thumbnail/${photoId}/`,
      `/thumbnail/${photoId}/../../../../etc/passwd`,
      '/../package.json',
      '/../../package.json',
      '/thumbnail/..%2f..%2fkindred.db',
      '/thumbnail/%2e%2e%2f%2e%2e%2fpackage.json',
      '/original/1',
      '//etc/passwd',
    ].map((path) => `${media()}${path}`);
    for (const path of refused) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.body).not.toContain('"name": "kindred"');
    }
    for (const path of ['/media/../package.json', '/media/../../package.json', '/media//etc/passwd']) {
      const response = await get(path);
      expect(response.status, path).toBe(401);
      expect(response.body).not.toContain('"name": "kindred"');
    }
  });

  it('never serves files outside the renderer through the static route', async () => {
    for (const path of ['/../package.json', '/assets/../../package.json', '/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/assets/..%5c..%5cpackage.json', '/%00', '/assets/']) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.body).not.toContain('"name": "kindred"');
    }
  });
});

describe('kindred serve: the contract over HTTP', () => {
  it('rejects invalid input with a typed error listing the problems', async () => {
    const response = await call('photos.list', { offset: -5, limit: 'many', extra: 1 });
    expect(response.status).toBe(400);
    const result = JSON.parse(response.body) as { ok: boolean; error: { code: string; issues: { path: string[] }[] } };
    expect(result.ok).toBe(false);
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['offset', 'limit']));
    expect(JSON.parse((await call('settings.set', { model: 'turbo' })).body).error.code).toBe('invalid_input');
    expect(JSON.parse((await call('photos.get', { photoId: 999999 })).body).error.code).toBe('not_found');
  });

  it('refuses unknown methods, non-JSON bodies, other content types, other verbs and huge bodies', async () => {
    expect((await call('no.such.method', {})).status).toBe(404);
    expect((await call('__proto__', {})).status).toBe(404);
    expect((await call('photos.list', '{not json')).status).toBe(400);
    expect((await call('photos.list', '{}', { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await get('/api/photos.list')).status).toBe(405);
    // One byte over the host's limit (the largest accepted image and the JSON around it).
    expect((await call('library.folders.add', { path: 'x'.repeat(MAX_REQUEST_BODY_BYTES) })).status).toBe(413);
    // The server is still fine after all that.
    expect((await call('library.status', {})).status).toBe(200);
  });

  it('streams events over Server-Sent Events', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/api/events', headers: auth() }, (res) => {
        expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          text += d;
          if (text.includes('event: job.progress') && text.includes('"state":"done"')) {
            req.destroy();
            resolve(text);
          }
        });
        void call('library.scan.start', {});
      });
      req.on('error', (e) => (e.message.includes('aborted') ? undefined : reject(e)));
      req.end();
    });
    expect(received).toMatch(/event: job\.progress\ndata: \{.*"kind":"scan"/);
  });
});
