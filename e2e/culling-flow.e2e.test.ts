/**
 * Culling a shoot in Chromium against `kindred serve`, as a photographer would: a generated shoot (the bbt group
 * photos of ../shared/faces/groups, each made into a burst of four frames shifted a few pixels and blurred by known
 * amounts), XMP write-back set to sidecars in Settings, scanned; the person seen most is named, the Cull view filtered
 * to them and sorted best first; the order is checked against the known blur levels; three frames picked and two
 * rejected with the keyboard (and a star undone); the sidecars read back with ExifTool; Back restores the filter; the
 * picks exported. Screenshots go to e2e/artifacts/cull-*.png, the order check to e2e/artifacts/cull-order.json.
 * Skips without Chromium or ../shared.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exiftoolJson, requireExiftoolCli } from '../app/metadata/testing/exiftool-cli.js';
import { writeGeneratedShoot, type GeneratedShoot } from '../app/testing/generated-shoot.js';
import { sharedFacesDir, SHARED_FACES_SKIP } from '../app/testing/shared-faces.js';
import { openAppSession, scanPhotosFolder, LONG, WAIT, type AppSession } from './support/app-session.js';
import { artifactsDir, chromiumPath, CHROMIUM_SKIP, screenshot } from './support/browser.js';

const SKIP = !chromiumPath ? CHROMIUM_SKIP : !sharedFacesDir ? SHARED_FACES_SKIP : '';
const BBT = ['bbt1', 'bbt2', 'bbt3', 'bbt4', 'bbt5'].map((n) => (sharedFacesDir ? join(sharedFacesDir, 'groups', 'faceapi', `${n}.jpg`) : ''));

let session: AppSession<GeneratedShoot>;
let page: Page;
let shoot: GeneratedShoot;
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const hashesBefore = new Map<string, string>();

async function api<T>(method: string, input: unknown): Promise<T> {
  const response = await fetch(`${session.server.origin}/api/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${session.server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { ok: boolean; value: T; error?: unknown };
  if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.value;
}

/** The frames the grid shows, in order: photo id, flag, stars, burst place. */
async function gridFrames(): Promise<{ id: number; flag: string; rating: number; burst: string }[]> {
  return page.evaluate(`[...document.querySelectorAll('[data-testid="cull-frame"]')]
    .map((el) => ({ el, index: Number(el.parentElement.dataset.index) }))
    .sort((a, b) => a.index - b.index)
    .map(({ el }) => ({ id: Number(el.dataset.photoId), flag: el.dataset.flag ?? '', rating: Number(el.dataset.rating), burst: el.dataset.burst ?? '' }))`);
}

const pathOf = new Map<number, string>();
async function pathOfPhoto(id: number): Promise<string> {
  if (!pathOf.has(id)) pathOf.set(id, (await api<{ files: { path: string }[] }>('photos.get', { photoId: id })).files[0]!.path);
  return pathOf.get(id)!;
}
const frameSpec = (path: string) => shoot.frames.find((f) => f.path === path)!;

describe.skipIf(SKIP !== '')(`culling a shoot in Chromium (kindred serve)${SKIP ? ` — ${SKIP}` : ''}`, () => {
  beforeAll(async () => {
    requireExiftoolCli();
    session = await openAppSession('kindred-e2e-cull-', (dir) => writeGeneratedShoot(dir, BBT));
    ({ page, photos: shoot } = session);
    for (const f of shoot.frames) hashesBefore.set(f.path, sha(f.path));
  }, LONG);

  afterAll(() => session?.close());

  it('writes decisions to XMP sidecars (Settings), scans the shoot and names the person seen most', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('setting-write-back').selectOption('sidecar');
    await expect.poll(async () => (await api<{ writeBackRegions: string }>('settings.get', {})).writeBackRegions, { timeout: WAIT }).toBe('sidecar');
    await page.getByTestId('nav-library').click();
    await scanPhotosFolder(session);
    await page.getByTestId('nav-people').click();
    await page.getByTestId('person-card').first().getByTitle('Open').click();
    await page.getByTestId('person-name').fill('Leonard');
    await page.getByTestId('person-rename').click();
    await expect.poll(() => page.getByTestId('person-notice').textContent(), { timeout: WAIT }).toBe('Renamed');
  }, LONG);

  it('filters to that person, best frame first: each burst stacked with its sharpest frame on top, in blur order', async () => {
    const leonard = (await api<{ id: number; name: string | null }[]>('people.list', { includeHidden: false })).find((p) => p.name === 'Leonard')!;
    await page.getByTestId('nav-cull').click();
    await page.getByTestId('cull-add-person').selectOption(String(leonard.id));
    await page.getByTestId('person-chip').filter({ hasText: 'Leonard' }).waitFor({ timeout: WAIT });
    expect(await page.evaluate('location.hash')).toBe(`#/cull?person=${leonard.id}`);
    expect(await page.getByTestId('cull-sort').inputValue()).toBe('quality');
    await expect.poll(async () => (await gridFrames()).length, { timeout: WAIT }).toBeGreaterThan(0);
    await page.locator('[data-testid="cull-frame"] img').first().waitFor();
    await screenshot(page, 'cull-best-first');

    // The quality parts are on hover.
    const title = (await page.getByTestId('cull-frame').first().getAttribute('title')) ?? '';
    expect(title).toMatch(/Sharpness \d+%/);
    expect(title).toMatch(/Frontal pose/);
    // The eyes are measured (the scan's landmark stage) for the top frame's face, not "not measured".
    expect(title).toMatch(/Eyes open \d+%/);
    // …and, for the frame under the cursor, in the status line.
    expect(await page.getByTestId('cull-current-quality').textContent()).toMatch(/^frame 1 of a burst of \d: quality \d+% — sharpness \d+%.*, eyes open \d+%/);

    // Open every stack in place.
    for (;;) {
      const closed = page.getByTestId('burst-toggle').filter({ hasText: '+' });
      if ((await closed.count()) === 0) break;
      const before = (await gridFrames()).length;
      await closed.first().click();
      await expect.poll(async () => (await gridFrames()).length, { timeout: WAIT }).toBeGreaterThan(before);
    }
    const frames = await gridFrames();
    const stacks = new Map<string, { id: number; blur: number }[]>();
    for (const f of frames) {
      const spec = frameSpec(await pathOfPhoto(f.id));
      if (f.burst === '') continue;
      const key = `burst-${spec.burst}`;
      stacks.set(key, [...(stacks.get(key) ?? []), { id: f.id, blur: spec.blur }]);
    }
    // Every stack holds frames of one generated burst (its key), and its sharpest frame leads it.
    const onTop = [...stacks.values()].filter((s) => s[0]!.blur === Math.min(...s.map((f) => f.blur))).length;
    const inOrder = [...stacks.values()].filter((s) => s.every((f, i) => i === 0 || f.blur >= s[i - 1]!.blur)).length;
    writeFileSync(
      join(artifactsDir, 'cull-order.json'),
      JSON.stringify({ stacks: Object.fromEntries(stacks), sharpestOnTop: onTop, inBlurOrder: inOrder, bursts: stacks.size }, null, 2),
    );
    expect(stacks.size).toBeGreaterThanOrEqual(4);
    expect(onTop / stacks.size).toBeGreaterThanOrEqual(0.9);
    expect(inOrder / stacks.size).toBeGreaterThanOrEqual(0.8);
    await screenshot(page, 'cull-bursts-open');
  }, LONG);

  it('picks three and rejects two with the keyboard (a star undone), and ExifTool reads them from the sidecars', async () => {
    await page.getByTestId('cull-frame').first().click();
    for (const key of ['p', 'ArrowRight', 'p', 'ArrowRight', 'p', '5']) await page.keyboard.press(key);
    await expect.poll(async () => (await gridFrames()).slice(0, 3).map((f) => f.rating), { timeout: WAIT }).toEqual([0, 0, 5]);
    await page.keyboard.press('Control+z'); // the five stars go
    await expect.poll(async () => (await gridFrames()).slice(0, 3).map((f) => f.rating), { timeout: WAIT }).toEqual([0, 0, 0]);
    for (const key of ['ArrowRight', 'x', 'ArrowRight', 'x']) await page.keyboard.press(key);
    await expect.poll(async () => (await gridFrames()).slice(0, 5).map((f) => [f.flag, f.rating]), { timeout: WAIT }).toEqual([
      ['pick', 0],
      ['pick', 0],
      ['pick', 0],
      ['reject', 0],
      ['reject', 0],
    ]);
    expect(await page.getByTestId('shoot-count').textContent()).toMatch(/3 picks$/);
    const decided = (await gridFrames()).slice(0, 5);
    const paths = await Promise.all(decided.map((f) => pathOfPhoto(f.id)));
    const expected = decided.map((f) => (f.flag === 'pick' ? { Rating: 0, Label: 'Pick' } : { Rating: -1, Label: 'Reject' }));
    await expect
      .poll(() => paths.map((p) => (existsSync(`${p}.xmp`) ? exiftoolJson(['-XMP-xmp:Rating', '-XMP-xmp:Label', `${p}.xmp`])[0] : null)), { timeout: WAIT })
      .toEqual(expected.map((e) => expect.objectContaining(e)));
    await expect.poll(() => page.getByTestId('cull-write-status').textContent(), { timeout: WAIT }).toMatch(/XMP sidecar: \d+ written$/);
    // Sidecars only: not one photo of the shoot was touched.
    for (const f of shoot.frames) expect(sha(f.path)).toBe(hashesBefore.get(f.path));
    // Frames never decided have no sidecar.
    expect(readdirSync(session.photosDir).filter((n) => n.endsWith('.xmp'))).toHaveLength(5);
    await screenshot(page, 'cull-decisions');
  }, LONG);

  it('sorts as shot, and Back restores best first', async () => {
    const first = await page.evaluate('location.hash');
    await page.getByTestId('cull-sort').selectOption('date');
    await expect.poll(() => page.evaluate('location.hash'), { timeout: WAIT }).toBe(`${first}&sort=date`);
    await expect.poll(async () => (await gridFrames()).length, { timeout: WAIT }).toBeGreaterThan(0);
    await screenshot(page, 'cull-as-shot');
    await page.goBack();
    await expect.poll(() => page.getByTestId('cull-sort').inputValue(), { timeout: WAIT }).toBe('quality');
    expect(await page.evaluate('location.hash')).toBe(first);
  });

  it('exports the picks into a folder, with their sidecars', async () => {
    const target = join(session.root, 'picks');
    await page.getByTestId('cull-export-target').fill(target);
    await page.getByTestId('cull-export').click();
    await expect.poll(() => page.getByTestId('cull-notice').textContent(), { timeout: WAIT }).toBe('3 of 3 picks exported');
    const exported = readdirSync(target).sort();
    expect(exported.filter((n) => n.endsWith('.jpg'))).toHaveLength(3);
    expect(exported.filter((n) => n.endsWith('.xmp'))).toHaveLength(3);
    await screenshot(page, 'cull-exported');
  });

  it('ran without a CSP violation, a console error or a failed request', () => {
    expect(session.browser.problems).toEqual([]);
    expect(session.browser.failedResponses).toEqual([]);
  });
});
