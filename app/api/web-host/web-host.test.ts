import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../db/library.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { createKindredService, type KindredService } from '../service/kindred-service.js';
import { MAX_IMAGE_BASE64_CHARS } from '../contract/common-schemas.js';
import { parseMediaPath } from '../contract/media-path.js';
import { resolveStaticFile } from '../service/static-files.js';
import { isAllowedHost, isAllowedOrigin, presentedToken, sameToken, splitMediaPath } from './web-host-guards.js';
import { startWebHost, type WebHost } from './web-host.js';

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, setHost: !headers['Host'] }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web host guards', () => {
  it('accepts only this server\'s loopback names as Host and Origin', () => {
    expect(isAllowedHost('127.0.0.1:8080', 8080)).toBe(true);
    expect(isAllowedHost('LOCALHOST:8080', 8080)).toBe(true);
    for (const host of [undefined, '', '127.0.0.1', '127.0.0.1:8081', 'evil.example:8080', 'localhost.evil.example:8080', '[::1]:8080', '0.0.0.0:8080']) {
      expect(isAllowedHost(host, 8080), String(host)).toBe(false);
    }
    expect(isAllowedOrigin(undefined, 8080)).toBe(true);
    expect(isAllowedOrigin('http://localhost:8080', 8080)).toBe(true);
    expect(isAllowedOrigin('null', 8080)).toBe(false);
    expect(isAllowedOrigin('http://127.0.0.1:8080.evil.example', 8080)).toBe(false);
  });

  it('reads the key from a Bearer header only (never a cookie), and compares it in constant time', () => {
    expect(presentedToken({ authorization: 'Bearer abc' })).toBe('abc');
    expect(presentedToken({ cookie: 'kindred_token_1=xyz' } as { authorization?: string })).toBeUndefined();
    expect(splitMediaPath('/k3y-_/thumbnail/12')).toEqual({ key: 'k3y-_', path: '/thumbnail/12' });
    expect(splitMediaPath('/thumbnail')).toBeNull();
    expect(sameToken('abc', 'abc')).toBe(true);
    expect(sameToken('abd', 'abc')).toBe(false);
    expect(sameToken('ab', 'abc')).toBe(false);
    expect(sameToken(undefined, 'abc')).toBe(false);
  });

  it('maps paths to renderer files and media ids strictly', () => {
    expect(resolveStaticFile('/srv/r', '/')).toBe('/srv/r/index.html');
    expect(resolveStaticFile('/srv/r', '/assets/a.js')).toBe('/srv/r/assets/a.js');
    for (const bad of ['/../x', '/a/../../x', '/%2e%2e/x', '/..%2fx', '/a%5c..%5cx', '/%00', '/%E0%A4%A', 'x']) {
      expect(resolveStaticFile('/srv/r', bad), bad).toBeNull();
    }
    expect(parseMediaPath('/thumbnail/12')).toEqual({ kind: 'thumbnail', id: 12 });
    expect(parseMediaPath('/preview/12')).toEqual({ kind: 'preview', id: 12 });
    for (const bad of ['/thumbnail/0', '/thumbnail/012', '/thumbnail/1e3', '/face/-1', '/face/1/', '/thumbnail/99999999999999999', '/thumb/1', '/thumbnail/%31']) {
      expect(parseMediaPath(bad), bad).toBeNull();
    }
  });
});

describe('web host (in process)', () => {
  let host: WebHost;
  let service: KindredService;
  let library: Library;
  let cleanup: () => void;

  beforeAll(async () => {
    let root: string;
    ({ dir: root, cleanup } = makeTempDir());
    const renderer = join(root, 'renderer');
    mkdirSync(renderer);
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Kindred</title>');
    library = Library.open(join(root, 'data', 'kindred.db'));
    service = createKindredService(library);
    host = await startWebHost({ service, rendererDir: renderer });
  });
  afterAll(async () => {
    await host.close();
    await service.shutdown();
    library.close();
    cleanup();
  });

  it('prints a loopback URL carrying two long random keys in its fragment, never sent to a server', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#key=[\w-]{43}&media=[\w-]{43}$/);
    expect(host.mediaKey).not.toBe(host.token);
  });

  it('serves the page to anyone naming it, but calls only with the key in a header; never sets a cookie', async () => {
    const page = await get(host.port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Kindred</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect((await get(host.port, '/', { Host: 'evil.example' })).status).toBe(403);
    const call = (headers: Record<string, string>) =>
      fetch(`${host.origin}/api/library.status`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' });
    expect((await call({})).status).toBe(401);
    expect((await call({ Cookie: `kindred_token_${host.port}=${host.token}` })).status).toBe(401);
    const ok = await call({ Authorization: `Bearer ${host.token}` });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('set-cookie')).toBeNull();
    expect(page.headers['set-cookie']).toBeUndefined();
  });

  it('opens media with the media key in the path only; the media key opens nothing else', async () => {
    expect((await get(host.port, `/media/${host.mediaKey}/thumbnail/999`)).status).toBe(404); // past the lock: no such photo
    expect((await get(host.port, '/media/thumbnail/999', { Authorization: `Bearer ${host.token}` })).status).toBe(401);
    expect((await get(host.port, `/media/${host.token}/thumbnail/999`)).status).toBe(401);
    const call = await fetch(`${host.origin}/api/library.status`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.mediaKey}` },
      body: '{}',
    });
    expect(call.status).toBe(401);
  });

  it('answers calls with the contract\'s typed results', async () => {
    const response = await fetch(`${host.origin}/api/photos.list`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ limit: 0 }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: ['limit'] }] } });
  });

  it('takes any image the contract accepts, and leaves an oversize one to the contract\'s clear message', async () => {
    const search = (image: string, k: number) =>
      fetch(`${host.origin}/api/search.byFace`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ image, k }),
      });
    // The largest image the schema accepts reaches it (k: 0 keeps ONNX Runtime out of it: only k is refused).
    const largest = await search('A'.repeat(MAX_IMAGE_BASE64_CHARS), 0);
    const accepted = (await largest.json()) as { ok: false; error: { code: string; message: string } };
    expect(largest.status).toBe(400);
    expect(accepted.error.code).toBe('invalid_input');
    expect(accepted.error.message).not.toMatch(/image|larger/i);
    expect(accepted.error.message).toMatch(/\bk\b/);
    // One step larger: the schema's message, not the host's generic refusal.
    const oversize = await search('A'.repeat(MAX_IMAGE_BASE64_CHARS + 4), 4);
    const refused = (await oversize.json()) as { ok: false; error: { code: string; message: string } };
    expect(oversize.status).toBe(400);
    expect(refused.error.message).toMatch(/image is larger than 12 MiB/);
  });

  it('closes even with an event stream open', async () => {
    const second = await startWebHost({ service, rendererDir: '/nonexistent' });
    await new Promise<void>((resolve) => {
      request({ host: '127.0.0.1', port: second.port, path: '/api/events', headers: { Authorization: `Bearer ${second.token}` } }, () => resolve()).end();
    });
    await second.close();
  });
});
