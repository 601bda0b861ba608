/**
 * The photo grid at 12,000 photos: the library holds 12,000 rows (thumbnails hard-linked from real ones, so every
 * cell shows an image), and the page must keep its DOM small and fetch only the pages it shows while scrolling
 * from top to bottom. Frame times are measured and saved (e2e/artifacts/grid-scale.json), not asserted: CI does not
 * time anything.
 */
import { createHash } from 'node:crypto';
import { linkSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../app/db/library.js';
import { addFolder } from '../app/library/library-folders.js';
import { scanLibrary } from '../app/library/catalogue.js';
import { thumbnailPath } from '../app/library/thumbnail-cache.js';
import { makeTempDir } from '../app/testing/temp-dir.js';
import { WAIT } from './support/app-session.js';
import { artifactsDir, chromiumPath, CHROMIUM_SKIP, openBrowser, screenshot, type BrowserSession } from './support/browser.js';
import { startKindredServer, type KindredServer } from './support/kindred-server.js';
import { makePhotoFolder } from './support/photo-folder.js';
import { ensureRendererBuilt } from './support/renderer-build.js';

const EXTRA_PHOTOS = 12_000;

let server: KindredServer;
let browser: BrowserSession;
let page: Page;
let cleanup: () => void;
let total = 0;

/** A library of `EXTRA_PHOTOS` photos plus the scanned fixtures, built through the real repositories. */
async function buildLargeLibrary(root: string): Promise<string> {
  const dbPath = join(root, 'data', 'kindred.db');
  const library = Library.open(dbPath);
  try {
    const folder = await makePhotoFolder(join(root, 'photos'), 0);
    const { folder: record } = await addFolder(library, folder);
    await scanLibrary(library);
    const real = library.db.prepare('SELECT content_hash FROM photos ORDER BY id').all() as { content_hash: string }[];
    const insertFile = library.db.prepare(
      `INSERT INTO files (folder_id, path, size, mtime_ms, photo_id, status) VALUES (?, ?, 1, 0, ?, 'ok')`,
    );
    library.db.transaction(() => {
      for (let i = 0; i < EXTRA_PHOTOS; i++) {
        const contentHash = createHash('sha256').update(`grid-${i}`).digest('hex');
        const photoId = library.photos.upsert({
          contentHash,
          format: 'jpeg',
          width: 600,
          height: 400,
          orientation: 1,
          takenAt: Date.UTC(2010, 0, 1) + i * 3_600_000,
          camera: null,
        });
        insertFile.run(record.id, join(folder, 'many', `${i}.jpg`), photoId);
        const source = thumbnailPath(library.thumbnailsDir, real[i % real.length]!.content_hash);
        const target = thumbnailPath(library.thumbnailsDir, contentHash);
        mkdirSync(dirname(target), { recursive: true });
        linkSync(source, target);
      }
    })();
    total = library.photos.count();
  } finally {
    library.close();
  }
  return dbPath;
}

describe.skipIf(!chromiumPath)(`the photo grid at ${EXTRA_PHOTOS.toLocaleString('en')}+ photos${chromiumPath ? '' : ` — ${CHROMIUM_SKIP}`}`, () => {
  beforeAll(async () => {
    let root: string;
    ({ dir: root, cleanup } = makeTempDir('kindred-e2e-'));
    const [dbPath] = await Promise.all([buildLargeLibrary(root), ensureRendererBuilt()]);
    server = await startKindredServer(dbPath);
    browser = await openBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    cleanup?.();
  });

  it('keeps the DOM small and fetches only the pages in view while scrolling to the end', async () => {
    const listCalls: number[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/photos.list')) listCalls.push(Date.now());
    });
    await page.goto(server.url);
    await page.getByTestId('nav-photos').click();
    await expect.poll(async () => (await page.getByTestId('photo-count').textContent())?.replace(/\D/g, ''), { timeout: WAIT }).toBe(String(total));
    await page.locator('[data-testid="virtual-grid"] [data-index="0"] img').waitFor();
    const cells = page.locator('[data-testid="virtual-grid"] [role="listitem"]');
    const cellsAtTop = await cells.count();
    expect(cellsAtTop).toBeGreaterThan(20);
    expect(cellsAtTop).toBeLessThan(300);
    await screenshot(page, 'photos-12000-top');

    // Scroll the way a flick of the wheel does, one step per frame, and time the frames.
    const frames = (await page.evaluate(`new Promise((resolve) => {
      const viewport = document.querySelector('[data-testid="virtual-grid"]');
      const gaps = [];
      let last = performance.now();
      let step = 0;
      const tick = (now) => {
        gaps.push(now - last);
        last = now;
        viewport.scrollTop += 900;
        if (++step < 120) requestAnimationFrame(tick); else resolve(gaps.slice(1));
      };
      requestAnimationFrame(tick);
    })`)) as number[];
    const maxCellsWhileScrolling = await cells.count();
    expect(maxCellsWhileScrolling).toBeLessThan(300);

    await page.evaluate(`document.querySelector('[data-testid="virtual-grid"]').scrollTop = 1e9`);
    const lastImage = `[data-testid="virtual-grid"] [data-index="${total - 1}"] img`;
    await page.locator(lastImage).waitFor();
    await expect.poll(() => page.evaluate(`(() => { const i = document.querySelector('${lastImage}'); return i.complete && i.naturalWidth > 0; })()`), { timeout: WAIT }).toBe(true);
    expect(await cells.count()).toBeLessThan(300);
    await screenshot(page, 'photos-12000-bottom');

    // Pages of 200: the flick crossed about a third of the grid and then jumped to the end, so about 20 of the 61
    // pages were needed; each is asked for once (plus the first page's refresh at start).
    const pages = Math.ceil(total / 200);
    expect(listCalls.length).toBeLessThan(pages / 2);
    const sorted = [...frames].sort((a, b) => a - b);
    const stats = {
      photos: total,
      domCellsAtTop: cellsAtTop,
      photosListRequests: listCalls.length,
      frames: frames.length,
      frameMsMedian: sorted[Math.floor(sorted.length / 2)],
      frameMsP95: sorted[Math.floor(sorted.length * 0.95)],
      frameMsMax: sorted.at(-1),
      framesOver50ms: frames.filter((f) => f > 50).length,
    };
    writeFileSync(join(artifactsDir, 'grid-scale.json'), JSON.stringify(stats, null, 2));
    console.log('photo grid at scale:', stats);
    expect(browser.problems).toEqual([]);
  });
});
