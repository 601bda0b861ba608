/**
 * A new user's first start in Chromium against `kindred serve`, mouse only: an empty library says what Kindred does
 * and offers "Add a folder" → Kindred's folder browser opens at the home folder (HOME of the server: a temp folder
 * here) → click down to the photos → "Add this folder" → the scan starts → people groups appear. The browser lists
 * only folders, refuses files and missing paths, and never climbs above the filesystem root. `?` lists the view's
 * shortcuts. Screenshots go to e2e/artifacts/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../app/testing/temp-dir.js';
import { writeVariantLibrary } from '../app/testing/variant-library.js';
import { ensureModelBuilt } from '../native-models/model-build.js';
import { LONG, WAIT } from './support/app-session.js';
import { chromiumPath, CHROMIUM_SKIP, openBrowser, screenshot, type BrowserSession } from './support/browser.js';
import { startKindredServer, type KindredServer } from './support/kindred-server.js';
import { ensureRendererBuilt } from './support/renderer-build.js';

let temp: { dir: string; cleanup(): void };
let home: string;
let family: string;
let server: KindredServer;
let browser: BrowserSession;
let page: Page;

const browserPath = () => page.getByTestId('folder-browser-path').textContent();
const entry = (name: string) => page.locator(`[data-testid="folder-browser-entry"][data-name="${name}"]`);
const entryNames = () => page.getByTestId('folder-browser-entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));

/** Calls the core the way the page does (the session key in a Bearer header). */
async function browse(input: unknown): Promise<{ ok: boolean; value?: { path: string; parent: string | null }; error?: { code: string; message: string } }> {
  const response = await fetch(`${server.origin}/api/library.folders.browse`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  return (await response.json()) as never;
}

describe.skipIf(!chromiumPath)(`first start and the folder browser in Chromium (kindred serve)${chromiumPath ? '' : ` — ${CHROMIUM_SKIP}`}`, () => {
  beforeAll(async () => {
    temp = makeTempDir('kindred-e2e-first-');
    home = join(temp.dir, 'home');
    family = join(home, 'Pictures', 'Family');
    mkdirSync(join(home, 'Documents'), { recursive: true });
    mkdirSync(join(home, '.config'), { recursive: true });
    writeFileSync(join(home, 'notes.txt'), 'a file, not a folder');
    await Promise.all([writeVariantLibrary(family), ensureRendererBuilt(), ensureModelBuilt('accurate')]);
    server = await startKindredServer(join(temp.dir, 'data', 'kindred.db'), { env: { HOME: home } });
    browser = await openBrowser();
    page = browser.page;
    await page.goto(server.url);
    await page.locator('html[data-connected="true"]').waitFor({ timeout: WAIT });
  }, LONG);

  afterAll(async () => {
    await browser?.close();
    if (server) expect(await server.stop()).toBe(0);
    temp?.cleanup();
  });

  it('an empty library says what Kindred does and offers "Add a folder"', async () => {
    const welcome = page.getByTestId('welcome');
    await welcome.waitFor({ timeout: WAIT });
    expect(await welcome.textContent()).toMatch(/finds the faces in your photos and groups them by person/);
    await screenshot(page, 'first-start');
  });

  it('the browser opens at the home folder and lists only folders (hidden ones left out)', async () => {
    await page.getByTestId('welcome-add-folder').click();
    await page.getByTestId('folder-browser').waitFor({ timeout: WAIT });
    await expect.poll(browserPath, { timeout: WAIT }).toBe(home);
    expect(await entryNames()).toEqual(['Documents', 'Pictures']);
    await screenshot(page, 'folder-browser-home');
  });

  it('goes up to the filesystem root and no further', async () => {
    for (let path = home; path !== '/'; ) {
      await page.getByTestId('folder-browser-up').click();
      path = join(path, '..');
      await expect.poll(browserPath, { timeout: WAIT }).toBe(path);
    }
    expect(await page.getByTestId('folder-browser-up').isDisabled()).toBe(true);
    // A path that tries to climb above the root lands on the root, with no parent.
    expect(await browse({ path: '/../../..' })).toMatchObject({ ok: true, value: { path: '/', parent: null } });
    await page.getByTestId('folder-browser-home').click();
    await expect.poll(browserPath, { timeout: WAIT }).toBe(home);
  });

  it('refuses a file and a missing folder with clear errors, keeping the listing', async () => {
    await page.getByTestId('folder-browser-goto').fill(join(home, 'notes.txt'));
    await page.getByTestId('folder-browser-go').click();
    await expect.poll(() => page.getByTestId('folder-browser-error').textContent(), { timeout: WAIT }).toContain('Not a folder (a file)');
    expect(await browserPath()).toBe(home);
    await screenshot(page, 'folder-browser-refused-file');
    await page.getByTestId('folder-browser-goto').fill(join(home, 'Nowhere'));
    await page.getByTestId('folder-browser-go').click();
    await expect.poll(() => page.getByTestId('folder-browser-error').textContent(), { timeout: WAIT }).toContain('No such folder');
    expect(await browse({ path: join(home, 'notes.txt') })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await browse({ path: join(home, 'Nowhere') })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await browse({ path: 'Pictures' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: /absolute/ } });
  });

  it('mouse only: clicks down to the photos, adds the folder, the scan starts and people groups appear', async () => {
    await entry('Pictures').click();
    await expect.poll(browserPath, { timeout: WAIT }).toBe(join(home, 'Pictures'));
    expect(await page.getByTestId('folder-browser-error').count()).toBe(0); // a good listing clears the last refusal
    await entry('Family').click();
    await expect.poll(browserPath, { timeout: WAIT }).toBe(family);
    expect(await page.getByText('No folders inside this one.').isVisible()).toBe(true);
    await screenshot(page, 'folder-browser-chosen');
    await page.getByTestId('folder-browser-choose').click();
    await page.getByTestId('folder-browser').waitFor({ state: 'detached', timeout: WAIT });
    await expect.poll(() => page.getByTestId('folder-list').textContent(), { timeout: WAIT }).toContain(family);
    expect(await page.getByTestId('welcome').count()).toBe(0);
    // The scan started by itself: it is running, or already done (a loaded machine may be slower than this check).
    await page.locator('[data-testid="scan-progress"], [data-testid="scan-summary"]').first().waitFor({ timeout: LONG });
    await screenshot(page, 'first-scan-started');
    await page.getByTestId('goto-people').click();
    await expect.poll(() => page.getByTestId('person-card').count(), { timeout: LONG }).toBe(2);
    await expect
      .poll(() => page.evaluate(`[...document.querySelectorAll('main img')].every((i) => i.complete && i.naturalWidth > 0)`), { timeout: WAIT })
      .toBe(true);
    await screenshot(page, 'first-start-people');
  }, LONG);

  it('`?` lists the shortcuts of the view on screen; `?` or Esc hides them', async () => {
    await page.getByTestId('nav-review').click();
    // The sheet lists the view on screen: wait until it is Review, not the view the click leaves.
    await page.getByTestId('review-remaining').waitFor({ timeout: WAIT });
    await page.keyboard.press('?');
    const sheet = page.getByTestId('shortcuts');
    await sheet.waitFor({ timeout: WAIT });
    expect(await sheet.textContent()).toContain('Undo the last answer');
    await screenshot(page, 'shortcuts-review');
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached', timeout: WAIT });
    await page.getByTestId('nav-library').click();
    await page.getByTestId('library-view').waitFor({ timeout: WAIT });
    await page.keyboard.press('?');
    await page.getByTestId('shortcuts-none').waitFor({ timeout: WAIT });
    await page.keyboard.press('?');
    await sheet.waitFor({ state: 'detached', timeout: WAIT });
    // Typing a `?` in a field is typing, not a shortcut.
    await page.getByTestId('folder-path').fill('');
    await page.getByTestId('folder-path').press('?');
    expect(await sheet.count()).toBe(0);
    expect(await page.getByTestId('folder-path').inputValue()).toBe('?');
  });

  it('the page reported no errors', () => {
    expect(browser.problems).toEqual([]);
  });
});
