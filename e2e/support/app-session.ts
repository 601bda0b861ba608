/**
 * One e2e session: a temp folder with photos, `kindred serve` on a fresh database, Chromium connected to it. The
 * flows share it so that each starts the app the same way and tears it down checking the server exited cleanly.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { ensureModelBuilt } from '../../native-models/model-build.js';
import { makeTempDir } from '../../app/testing/temp-dir.js';
import { openBrowser, type BrowserSession } from './browser.js';
import { startKindredServer, type KindredServer } from './kindred-server.js';
import { ensureRendererBuilt } from './renderer-build.js';

// A 2-core machine shared with other work: generous waits, never fixed sleeps.
export const LONG = 120_000;
export const WAIT = 30_000;

export interface AppSession<P> {
  root: string;
  /** The folder of photos the session scans. */
  photosDir: string;
  photos: P;
  server: KindredServer;
  browser: BrowserSession;
  page: Page;
  close: () => Promise<void>;
}

/** Writes the photos (with `writePhotos`), starts the server and opens the app in Chromium, connected. */
export async function openAppSession<P>(prefix: string, writePhotos: (dir: string) => Promise<P>): Promise<AppSession<P>> {
  const { dir: root, cleanup } = makeTempDir(prefix);
  const photosDir = join(root, 'photos');
  const [photos] = await Promise.all([writePhotos(photosDir), ensureRendererBuilt(), ensureModelBuilt('accurate')]);
  const server = await startKindredServer(join(root, 'data', 'kindred.db'));
  const browser = await openBrowser();
  const page = browser.page;
  await page.goto(server.url);
  await page.locator('html[data-connected="true"]').waitFor({ timeout: WAIT });
  const close = async () => {
    await browser.close();
    expect(await server.stop()).toBe(0);
    cleanup();
  };
  return { root, photosDir, photos, server, browser, page, close };
}

/** Adds the session's folder in the Library view and scans it to the end. */
export async function scanPhotosFolder(session: AppSession<unknown>): Promise<void> {
  const { page } = session;
  await page.getByTestId('folder-path').fill(session.photosDir);
  await page.getByTestId('folder-add').click();
  await page.getByTestId('scan-start').click();
  await page.getByTestId('scan-summary').waitFor({ timeout: LONG });
}
