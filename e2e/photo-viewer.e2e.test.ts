/**
 * The photo viewer in Chromium against `kindred serve`, on a library of one public portrait and one photo without a
 * face: open the portrait, see its face box, name the face from the box, take it away ("Not this person"), give it
 * back by choosing the existing name, and close with Escape. A screenshot goes to e2e/artifacts/photo-viewer.png.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../app/testing/shared-faces.js';
import { openAppSession, scanPhotosFolder, LONG, WAIT, type AppSession } from './support/app-session.js';
import { chromiumPath, CHROMIUM_SKIP, screenshot } from './support/browser.js';

let session: AppSession<void>;
let page: Page;

const box = () => page.getByTestId('face-box');
const label = () => box().getByTestId('face-label').textContent();

describe.skipIf(!chromiumPath)(`the photo viewer in Chromium (kindred serve)${chromiumPath ? '' : ` — ${CHROMIUM_SKIP}`}`, () => {
  beforeAll(async () => {
    session = await openAppSession('kindred-e2e-viewer-', async (dir) => {
      mkdirSync(dir);
      copyFileSync(join(fixturesDir, 'grace_hopper_512x512.jpg'), join(dir, 'hopper.jpg'));
      copyFileSync(join(fixturesDir, 'coffee.png'), join(dir, 'coffee.png'));
    });
    ({ page } = session);
  }, LONG);

  afterAll(() => session?.close());

  it('opens the portrait with one face box over the face', async () => {
    await scanPhotosFolder(session);
    await page.getByTestId('nav-photos').click();
    await expect.poll(() => page.getByTestId('photo-count').textContent(), { timeout: WAIT }).toBe('2');
    // Both photos are undated: find the portrait by its details rather than by grid position.
    for (const index of [0, 1]) {
      await page.locator(`[data-testid="virtual-grid"] [data-index="${index}"] button`).click();
      await page.getByTestId('photo-info').getByText('Files').waitFor({ timeout: WAIT });
      if ((await page.getByTestId('photo-info').textContent())!.includes('hopper.jpg')) break;
      await page.keyboard.press('Escape');
      await page.getByTestId('photo-viewer').waitFor({ state: 'detached' });
    }
    await expect.poll(() => box().count(), { timeout: WAIT }).toBe(1);
    expect(await label()).toMatch(/^(Unnamed group|Unknown)$/);
    expect(await box().getAttribute('aria-label')).toMatch(/^Face: (Unnamed group|Unknown)/);
    // The box sits inside the photo, around its middle (the portrait is centred), not at a corner.
    const frame = (await page.locator('[data-testid="photo-viewer"] img').boundingBox())!;
    const face = (await box().boundingBox())!;
    expect(frame.y + frame.height).toBeLessThanOrEqual(page.viewportSize()!.height); // fitted, not cut off
    expect(face.width).toBeGreaterThan(frame.width * 0.1);
    expect(face.x).toBeGreaterThan(frame.x);
    expect(face.x + face.width).toBeLessThan(frame.x + frame.width);
    expect(Math.abs(face.x + face.width / 2 - (frame.x + frame.width / 2))).toBeLessThan(frame.width * 0.25);
  }, LONG);

  it('names the face from its box', async () => {
    await box().click();
    await page.getByTestId('face-name').fill('Grace Hopper');
    await page.getByTestId('face-save').click();
    await expect.poll(label, { timeout: WAIT }).toBe('Grace Hopper');
    await expect.poll(() => page.getByTestId('face-form').count()).toBe(0);
    expect(await box().getAttribute('aria-label')).toMatch(/^Face: Grace Hopper/);
    await expect
      .poll(() => page.evaluate(`[...document.querySelectorAll('[data-testid="photo-viewer"] img')].every((i) => i.complete && i.naturalWidth > 0)`), { timeout: WAIT })
      .toBe(true);
    await screenshot(page, 'photo-viewer');
  });

  it('takes the face away with "Not this person", then gives it back by the existing name', async () => {
    await box().click();
    expect(await page.getByTestId('face-name').inputValue()).toBe('Grace Hopper');
    await page.getByTestId('face-remove').click();
    await expect.poll(label, { timeout: WAIT }).toBe('Unknown');

    await box().click();
    expect(await page.evaluate(`[...document.querySelectorAll('#face-names option')].map((o) => o.value)`)).toContain('Grace Hopper');
    await page.getByTestId('face-name').fill('grace hopper');
    await page.getByTestId('face-save').click();
    await expect.poll(label, { timeout: WAIT }).toBe('Grace Hopper');
    expect(session.browser.problems).toEqual([]);
  });

  it('closes the form, then the viewer, with Escape', async () => {
    await box().click();
    await page.getByTestId('face-form').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('face-form').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.getByTestId('photo-viewer').waitFor({ state: 'detached' });
    expect(page.url()).toMatch(/#\/photos$/);
  });
});
