/**
 * The web host's key stays with the app. Browsers send a host's cookies to every port of it, so a session cookie of
 * `kindred serve` would reach any other server on 127.0.0.1; and a URL on a command line can be read by every user
 * with `ps`. Here the real app runs in Chromium against a real `kindred serve`, next to a decoy server on another
 * loopback port that records what it is sent; and `kindred serve --open` runs with a recording stand-in for the
 * desktop's opener.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../app/testing/temp-dir.js';
import { WAIT } from './support/app-session.js';
import { chromiumPath, CHROMIUM_SKIP, openBrowser, type BrowserSession } from './support/browser.js';
import { startKindredServer, type KindredServer } from './support/kindred-server.js';
import { ensureRendererBuilt } from './support/renderer-build.js';

let root: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ dir: root, cleanup } = makeTempDir('kindred-e2e-key-'));
  await ensureRendererBuilt();
}, 300_000);
afterAll(() => cleanup?.());

/** Polls `check` until it holds (a condition, not a duration), failing with `what` after WAIT. */
async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(!chromiumPath)(`the key never leaves the app${chromiumPath ? '' : ` — ${CHROMIUM_SKIP}`}`, () => {
  let server: KindredServer;
  let browser: BrowserSession;
  let decoy: Server;
  const decoyRequests: IncomingHttpHeaders[] = [];
  const kindredSetCookies: string[] = [];

  beforeAll(async () => {
    server = await startKindredServer(join(root, 'browser', 'kindred.db'));
    decoy = createServer((req, res) => {
      decoyRequests.push(req.headers);
      res.end('decoy');
    });
    await new Promise<void>((resolve) => decoy.listen(0, '127.0.0.1', resolve));
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => decoy?.close(resolve));
    expect(await server?.stop()).toBe(0);
  });

  it('a server on another 127.0.0.1 port, visited in the same browser, receives neither key', async () => {
    const { page, context } = browser;
    page.on('response', (response) => {
      const cookie = response.headers()['set-cookie'];
      if (cookie !== undefined && response.url().startsWith(server.origin)) kindredSetCookies.push(cookie);
    });
    await page.goto(server.url);
    await page.locator('html[data-connected="true"]').waitFor({ timeout: WAIT });

    // Another local process's server, visited in the same browser profile (any page may also point an image at it).
    const other = await context.newPage();
    await other.goto(`http://127.0.0.1:${(decoy.address() as AddressInfo).port}/anything`);
    await other.close();

    expect(decoyRequests.length).toBeGreaterThan(0);
    for (const headers of decoyRequests) {
      const sent = JSON.stringify(headers);
      expect(sent).not.toContain(server.token);
      expect(sent).not.toContain(server.mediaKey);
    }
    expect(kindredSetCookies).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    // The app still answers the page: calls carry the key in a header.
    await page.getByRole('heading', { name: 'Library' }).waitFor({ timeout: WAIT });
    expect(browser.problems).toEqual([]);
  });
});

describe.skipIf(process.platform !== 'linux')('kindred serve --open', () => {
  it('hands the browser a file only this user can read, never the key on its command line; the file opens the app', async () => {
    let file: string | undefined;
    // A stand-in for the desktop's opener, first on PATH: it records the command line it was given.
    const bin = join(root, 'bin');
    mkdirSync(bin, { recursive: true });
    const record = join(root, 'opener-argv.txt');
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > "${record}.part" && mv "${record}.part" "${record}"\n`);
    chmodSync(join(bin, 'xdg-open'), 0o755);
    const server = await startKindredServer(join(root, 'open', 'kindred.db'), {
      args: ['--open'],
      env: { PATH: `${bin}:${process.env['PATH'] ?? ''}` },
    });
    try {
      await until('the opener has been run', () => existsSync(record));
      const argv = readFileSync(record, 'utf8').trim().split('\n');
      expect(argv.join(' ')).not.toContain(server.token);
      expect(argv.join(' ')).not.toContain(server.mediaKey);
      expect(argv).toHaveLength(1);
      file = argv[0]!;
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(join(file, '..')).mode & 0o077).toBe(0);

      if (chromiumPath) {
        const browser = await openBrowser();
        try {
          await browser.page.goto(`file://${file!}`);
          await browser.page.locator('html[data-connected="true"]').waitFor({ timeout: WAIT });
          expect(browser.page.url()).toBe(`${server.origin}/`);
        } finally {
          await browser.close();
        }
      }
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(existsSync(file)).toBe(false); // the file with the keys goes when the server does
  });
});
