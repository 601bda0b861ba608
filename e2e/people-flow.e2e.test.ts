/**
 * People in Chromium against `kindred serve`, on a library of two people × three photos (public fixtures): scan →
 * groups appear → name one → split a face off and merge it back → split again and answer the review question it
 * raises → search by face. A screenshot of each view goes to e2e/artifacts/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeVariantLibrary } from '../app/testing/variant-library.js';
import { openAppSession, scanPhotosFolder, LONG, WAIT, type AppSession } from './support/app-session.js';
import { chromiumPath, CHROMIUM_SKIP, screenshot } from './support/browser.js';
import type { KindredServer } from './support/kindred-server.js';

let session: AppSession<{ collins: string[]; hopper: string[] }>;
let server: KindredServer;
let page: Page;
let photos: { collins: string[]; hopper: string[] };

const cards = () => page.getByTestId('person-card');
const card = (name: string) => page.getByRole('group', { name, exact: true });
const personCounts = () => page.getByTestId('person-counts').textContent();

/** Waits until every face crop in view has loaded (so screenshots show faces, not placeholders). */
async function facesLoaded(): Promise<void> {
  await expect
    .poll(() => page.evaluate(`[...document.querySelectorAll('main img')].every((i) => i.complete && i.naturalWidth > 0)`), { timeout: WAIT })
    .toBe(true);
}

describe.skipIf(!chromiumPath)(`people, review and search in Chromium (kindred serve)${chromiumPath ? '' : ` — ${CHROMIUM_SKIP}`}`, () => {
  beforeAll(async () => {
    session = await openAppSession('kindred-e2e-people-', writeVariantLibrary);
    ({ server, page, photos } = session);
  }, LONG);

  afterAll(() => session?.close());

  it('scans the folder and shows one group per person, three faces each', async () => {
    await scanPhotosFolder(session);
    await page.getByTestId('nav-people').click();
    await expect.poll(() => cards().count(), { timeout: WAIT }).toBe(2);
    expect(await page.getByTestId('people-count').textContent()).toBe('0 named · 2 unnamed');
    expect(await cards().allTextContents()).toEqual([expect.stringContaining('3 faces · 3 photos'), expect.stringContaining('3 faces · 3 photos')]);
    await facesLoaded();
    await screenshot(page, 'people');
  }, LONG);

  it('names a group from its Person view', async () => {
    await cards().first().getByTitle('Open').click();
    await expect.poll(() => page.getByTestId('face').count(), { timeout: WAIT }).toBe(3);
    await page.getByTestId('person-name').fill('Alice');
    await page.getByTestId('person-rename').click();
    await expect.poll(() => page.getByTestId('person-notice').textContent(), { timeout: WAIT }).toBe('Renamed');
    await page.getByLabel('Back to People').click();
    await expect.poll(() => page.getByTestId('people-count').textContent(), { timeout: WAIT }).toBe('1 named · 1 unnamed');
    expect(await cards().first().getAttribute('aria-label')).toBe('Alice');
  });

  it('splits a face off, then merges the two back with the Merge button', async () => {
    await card('Alice').getByTitle('Open').click();
    await expect.poll(() => page.getByTestId('face').count(), { timeout: WAIT }).toBe(3);
    await page.getByTestId('face').first().click();
    expect(await page.getByTestId('selected-count').textContent()).toBe('1 selected');
    await page.getByTestId('split').click();
    await expect.poll(() => page.getByTestId('face').count(), { timeout: WAIT }).toBe(2);
    expect(await personCounts()).toMatch(/^2 faces · 2 photos/);
    await facesLoaded();
    await screenshot(page, 'person');

    await page.getByLabel('Back to People').click();
    await expect.poll(() => cards().count(), { timeout: WAIT }).toBe(3);
    const splitOff = cards().filter({ hasText: '1 faces' });
    await card('Alice').getByRole('checkbox').check();
    await splitOff.getByRole('checkbox').check();
    await expect.poll(() => page.getByTestId('merge').textContent(), { timeout: WAIT }).toBe('Merge 2');
    await facesLoaded();
    await screenshot(page, 'people-selected');
    await page.getByTestId('merge').click();
    await expect.poll(() => cards().count(), { timeout: WAIT }).toBe(2);
    expect(await card('Alice').textContent()).toContain('3 faces · 3 photos');
  });

  it('answers the review question a split raises (Y key), and undoes it with U', async () => {
    await card('Alice').getByTitle('Open').click();
    await expect.poll(() => page.getByTestId('face').count(), { timeout: WAIT }).toBe(3);
    await page.getByTestId('face').last().click();
    await page.getByTestId('split').click();
    await expect.poll(() => page.getByTestId('face').count(), { timeout: WAIT }).toBe(2);

    await page.goto(`${server.origin}/#/review`);
    await page.getByTestId('review-question').waitFor({ timeout: WAIT });
    expect(await page.getByTestId('review-question').textContent()).toContain('Are these the same person?');
    expect(await page.getByTestId('review-question').textContent()).toContain('Alice');
    await facesLoaded();
    await screenshot(page, 'review');
    // U pressed while the answer is still in flight must not be lost: it runs once the answer has landed.
    await page.keyboard.press('y');
    await page.keyboard.press('u');
    await expect.poll(() => page.getByTestId('review-notice').textContent(), { timeout: WAIT }).toMatch(/^Undid: Merged 2 people/);
    await page.getByTestId('review-question').waitFor({ timeout: WAIT });
    await page.getByTestId('review-yes').click();
    await expect.poll(() => page.getByTestId('review-notice').textContent(), { timeout: WAIT }).toBe('Answered: same person');

    await page.goto(`${server.origin}/#/people`);
    await expect.poll(() => cards().count(), { timeout: WAIT }).toBe(2);
    expect(await card('Alice').textContent()).toContain('3 faces');
  });

  it('searches by face: the chosen photo\'s person comes first, within the threshold', async () => {
    await page.goto(`${server.origin}/#/search`);
    await page.getByTestId('search-file').setInputFiles(photos.hopper[0]!);
    await page.getByTestId('search-summary').waitFor({ timeout: LONG });
    await expect.poll(() => page.getByTestId('search-hit').count(), { timeout: WAIT }).toBe(6);
    const distances = (await page.getByTestId('search-distance').allTextContents()).map(Number);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    const threshold = Number(/under ([\d.]+)/.exec((await page.getByTestId('search-summary').textContent())!)![1]);
    expect(distances.slice(0, 3).every((d) => d < threshold)).toBe(true);
    expect(distances.slice(3).every((d) => d > threshold)).toBe(true);
    await facesLoaded();
    await screenshot(page, 'search');
  }, LONG);

  it('shows People in the light theme', async () => {
    await page.getByTestId('theme-light').click();
    await page.getByTestId('nav-people').click();
    await expect.poll(() => cards().count(), { timeout: WAIT }).toBe(2);
    await facesLoaded();
    await screenshot(page, 'people-light');
  });
});
