import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../app/testing/temp-dir.js';
import { APP_ORIGIN, createAppProtocolHandler, ELECTRON_CSP, originOf, PRIVILEGED_SCHEMES } from './app-protocol.js';

let root: string;
let cleanup: () => void;
let handle: ReturnType<typeof createAppProtocolHandler>;

beforeAll(() => {
  ({ dir: root, cleanup } = makeTempDir());
  const renderer = join(root, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Kindred</title>');
  writeFileSync(join(renderer, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'secret');
  handle = createAppProtocolHandler(renderer);
});
afterAll(() => cleanup());

describe('kindred: app protocol (Electron mocked: binary not available here)', () => {
  it('serves the renderer with a strict CSP that allows images from kindred-media: only', async () => {
    const index = await handle({ url: `${APP_ORIGIN}/index.html` });
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('content-security-policy')).toBe(ELECTRON_CSP);
    expect(ELECTRON_CSP).toContain("img-src 'self' data: blob: kindred-media:");
    expect(ELECTRON_CSP).not.toMatch(/unsafe-(inline|eval)/);
    const script = await handle({ url: `${APP_ORIGIN}/assets/index-abc.js?v=1` });
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await script.text()).toBe('console.log(1)');
  });

  it('refuses paths outside the renderer, other hosts and other methods', async () => {
    for (const url of [`${APP_ORIGIN}/../secret.txt`, `${APP_ORIGIN}/%2e%2e/secret.txt`, `${APP_ORIGIN}/assets/..%2f..%2fsecret.txt`, 'kindred://other/index.html', `${APP_ORIGIN}/missing.js`]) {
      const response = await handle({ url });
      expect(response.status, url).toBe(404);
      expect(await response.text()).not.toContain('secret');
    }
    expect((await handle({ url: `${APP_ORIGIN}/index.html`, method: 'POST' })).status).toBe(405);
  });

  it('registers standard, secure schemes that do not bypass the CSP', () => {
    for (const { privileges } of PRIVILEGED_SCHEMES) {
      expect(privileges).toMatchObject({ standard: true, secure: true });
      expect(privileges).not.toHaveProperty('bypassCSP');
    }
    expect(originOf(`${APP_ORIGIN}/index.html#/photos`)).toBe(APP_ORIGIN);
    expect(originOf('not a url')).toBeNull();
  });
});
