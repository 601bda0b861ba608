/**
 * The app in Chromium against `kindred serve` on a fresh library made from the public fixtures: add a folder, scan
 * with live progress, pause and resume, see the photos and the unreadable file, change settings that persist, switch
 * themes. Screenshots of each view go to e2e/artifacts/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Settings } from '../app/settings/settings-schema.js';
import { makeTempDir } from '../app/testing/temp-dir.js';
import { LONG, WAIT } from './support/app-session.js';
import { chromiumPath, CHROMIUM_SKIP, openBrowser, screenshot, type BrowserSession } from './support/browser.js';
import { followEvents } from './support/event-stream.js';
import { startKindredServer, type KindredServer } from './support/kindred-server.js';
import { makePhotoFolder } from './support/photo-folder.js';
import { ensureRendererBuilt } from './support/renderer-build.js';

const FIRST_SYNTHETIC = 40; // + 5 readable fixtures + truncated.jpg
const SECOND_FOLDER = 120;

let server: KindredServer;
let browser: BrowserSession;
let page: Page;
let root: string;
let cleanup: () => void;
let photosFolder: string;

/** Everything the scan progress element showed while the scan ran (recorded inside the page). */
// Page-side code is written as strings: this file is compiled without the DOM's types.
async function recordProgress(): Promise<void> {
  await page.evaluate(`{
    const seen = (window.progressSeen = []);
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="scan-progress"]')?.textContent;
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }`);
}

describe.skipIf(!chromiumPath)(`the Kindred app in Chromium (kindred serve)${chromiumPath ? '' : ` — ${CHROMIUM_SKIP}`}`, () => {
  beforeAll(async () => {
    ({ dir: root, cleanup } = makeTempDir('kindred-e2e-'));
    const [folder] = await Promise.all([makePhotoFolder(join(root, 'photos'), FIRST_SYNTHETIC), ensureRendererBuilt()]);
    photosFolder = folder;
    server = await startKindredServer(join(root, 'data', 'kindred.db'));
    browser = await openBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
    cleanup?.();
  });

  it('opens from the printed URL: the keys leave the address bar for this tab\'s sessionStorage, and no cookie is set', async () => {
    await page.goto(server.url);
    expect(page.url()).toBe(`${server.origin}/`);
    await page.locator('html[data-connected="true"]').waitFor();
    expect(await browser.context.cookies()).toEqual([]);
    expect(await page.evaluate('sessionStorage.getItem("kindred.session")')).toContain(server.token);
    // A reload keeps working from sessionStorage (the fragment is gone by now).
    await page.reload();
    await page.locator('html[data-connected="true"]').waitFor();
    await page.getByRole('heading', { name: 'Library' }).waitFor();
    await screenshot(page, 'library-empty');
  });

  it('adds a folder, scans it with live progress, and lists the file it could not read', async () => {
    await page.getByTestId('folder-path').fill(join(root, 'nowhere'));
    await page.getByTestId('folder-add').click();
    await expect.poll(() => page.getByTestId('library-error').textContent(), { timeout: WAIT }).toContain('Not a folder Kindred can read');

    await page.getByTestId('folder-path').fill(photosFolder);
    await page.getByTestId('folder-add').click();
    await expect.poll(() => page.getByTestId('folder-list').textContent(), { timeout: WAIT }).toContain(photosFolder);

    await recordProgress();
    await page.getByTestId('scan-start').click();
    await page.getByTestId('scan-summary').waitFor({ timeout: LONG });
    const seen = (await page.evaluate('window.progressSeen')) as string[];
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.join('\n')).toMatch(/Reading photos\s*\d+ \/ 46/);

    await expect.poll(() => page.getByTestId('count-photos').textContent(), { timeout: WAIT }).toBe(String(FIRST_SYNTHETIC + 5));
    // The whole pipeline ran: the three public photos with a face (astronaut, Grace Hopper, cameraman) have theirs.
    expect(await text('scan-summary')).toMatch(/45 read, 46 new, 1 with errors, 0 unsupported\. [3-9] faces found in 45 photos\./);
    expect(seen.join('\n')).toMatch(/Finding faces/);
    const problems = page.getByTestId('problem-list');
    expect(await problems.textContent()).toContain(join(photosFolder, 'truncated.jpg'));
    expect(await problems.textContent()).toMatch(/corrupt or truncated|not a readable image/);
    await screenshot(page, 'library');
  }, 300_000);

  it('pauses a scan, shows it paused, and resumes it to the end', async () => {
    const big = await makePhotoFolder(join(root, 'big'), SECOND_FOLDER, { fixtures: false, firstSeed: 1000 });
    await page.getByTestId('folder-path').fill(big);
    await page.getByTestId('folder-add').click();
    await expect.poll(() => page.getByTestId('folder-list').locator('li').count(), { timeout: WAIT }).toBe(2);

    // Press Pause from the test the moment reading starts (a person could not click that precisely).
    let paused = false;
    const stop = await followEvents(server.port, server.token, (event) => {
      const job = event.payload as { state: string; progress: { phase: string } };
      if (!paused && event.name === 'job.progress' && job.state === 'running' && job.progress.phase === 'reading') {
        paused = true;
        void page.getByTestId('scan-pause').click();
      }
    });
    await page.getByTestId('scan-start').click();
    await page.getByTestId('scan-resume').waitFor({ timeout: LONG });
    stop();
    expect(await text('scan-paused')).toMatch(/The scan is paused\. Finished photos are kept; resume to read the \d+ files still waiting\./);
    await screenshot(page, 'library-paused');

    await page.getByTestId('scan-resume').click();
    // On a loaded machine the rest may be read before a progress frame is drawn: wait for either.
    await page.getByTestId('scan-progress').or(page.getByTestId('scan-summary')).first().waitFor({ timeout: LONG });
    if (await page.getByTestId('scan-progress').isVisible()) await screenshot(page, 'library-scanning');
    await page.getByTestId('scan-summary').waitFor({ timeout: LONG });
    await expect.poll(() => page.getByTestId('count-photos').textContent(), { timeout: WAIT }).toBe(String(FIRST_SYNTHETIC + 5 + SECOND_FOLDER));
  }, 300_000);

  it('shows the photos, newest first, in the grid with their thumbnails', async () => {
    await page.getByTestId('nav-photos').click();
    await expect.poll(() => page.getByTestId('photo-count').textContent(), { timeout: WAIT }).toBe(String(FIRST_SYNTHETIC + 5 + SECOND_FOLDER));
    const images = page.locator('[data-testid="virtual-grid"] img');
    await expect.poll(() => images.count(), { timeout: WAIT }).toBeGreaterThan(10);
    // Every image in the grid loaded: none still waiting (both counts are taken on each try, as the grid may still be
    // adding rows; -1 while it shows none).
    await expect
      .poll(
        () =>
          page.evaluate(
            `(() => { const all = [...document.querySelectorAll('[data-testid="virtual-grid"] img')]; return all.length === 0 ? -1 : all.filter((i) => !(i.complete && i.naturalWidth > 0)).length; })()`,
          ),
        { timeout: WAIT },
      )
      .toBe(0);
    await screenshot(page, 'photos');

    await page.locator('[data-testid="virtual-grid"] [data-index="0"] button').click();
    await page.getByTestId('photo-info').getByText('Files').waitFor();
    expect(page.url()).toMatch(/#\/photos\/\d+$/);
    await screenshot(page, 'photo-info');
  });

  it('changes settings, refuses an invalid one with a message, and keeps them after a reload', async () => {
    await page.getByTestId('nav-settings').click();
    // The fast model is marked unusable in the manifest: the choice is refused with the reason, the select goes back.
    await page.getByTestId('setting-model').selectOption('fast');
    await expect.poll(() => text('setting-model-error'), { timeout: WAIT }).toMatch(/The fast model is not available/);
    expect(await page.getByTestId('setting-model').inputValue()).toBe('accurate');
    await page.getByTestId('setting-provider').selectOption('cpu');
    await expect.poll(() => page.getByTestId('settings-status').textContent(), { timeout: WAIT }).toContain('Saved');
    await page.getByTestId('setting-threshold-recognition').fill('0.6');
    await page.getByTestId('setting-threshold-recognition').press('Tab');
    await page.getByTestId('setting-import-metadata').uncheck();
    await expect.poll(async () => (await fetchSettings()).importMetadata, { timeout: WAIT }).toBe(false);

    await page.getByTestId('setting-threshold-suggestion').fill('0.4'); // below the recognition distance
    await page.getByTestId('setting-threshold-suggestion').press('Tab');
    await page.getByText('must be at least the recognition distance (0.6)').waitFor();
    await page.getByText('must not exceed the suggestion distance (0.4)').waitFor();
    await screenshot(page, 'settings-invalid');

    await page.reload();
    await page.getByTestId('setting-model').waitFor();
    expect(await page.getByTestId('setting-model').inputValue()).toBe('accurate');
    expect(await page.getByTestId('setting-provider').inputValue()).toBe('cpu');
    expect(await page.getByTestId('setting-threshold-recognition').inputValue()).toBe('0.6');
    expect(await page.getByTestId('setting-threshold-suggestion').inputValue()).toBe('');
    expect(await page.getByTestId('setting-import-metadata').isChecked()).toBe(false);
    expect(await fetchSettings()).toEqual({
      model: 'accurate', executionProvider: 'cpu', thresholds: { detection: null, recognition: 0.6, suggestion: null }, importMetadata: false,
      writeBackRegions: 'off', notifyWhenJobsEnd: true,
    });
    await screenshot(page, 'settings');
  });

  it('switches between dark and light themes', async () => {
    await page.getByTestId('nav-library').click();
    // The Settings view has a theme toggle too: wait until the Library view has replaced it, leaving the nav bar's one.
    await page.getByTestId('folder-path').waitFor({ timeout: WAIT });
    await page.getByTestId('theme-light').click();
    expect(await page.evaluate('document.documentElement.dataset.theme')).toBe('light');
    const lightBg = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    await screenshot(page, 'library-light');
    await page.getByTestId('nav-photos').click();
    await page.locator('[data-testid="virtual-grid"] img').first().waitFor();
    await screenshot(page, 'photos-light');
    await page.getByTestId('theme-dark').click();
    expect(await page.evaluate('document.documentElement.dataset.theme')).toBe('dark');
    expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).not.toBe(lightBg);
  });

  it('ran without a CSP violation, a console error or an unexpected failed request', () => {
    expect(browser.problems).toEqual([]);
    // The only failures are the refusals the tests asked for: an unknown folder, an unusable model, an invalid threshold.
    expect(browser.failedResponses).toEqual(['404 POST /api/library.folders.add', '400 POST /api/settings.set', '400 POST /api/settings.set']);
  });
});

/** An element's text with its whitespace collapsed (as a person reads it). */
async function text(testId: string): Promise<string> {
  return ((await page.getByTestId(testId).textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

async function fetchSettings(): Promise<Settings> {
  const response = await fetch(`${server.origin}/api/settings.get`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: '{}',
  });
  return ((await response.json()) as { value: Settings }).value;
}
