/**
 * The desktop app's first start, in Chromium, with Electron mocked (its binary is not available here): the page gets
 * a `window.kindred` bridge like the preload's, whose calls go through the real main-process IPC router and desktop
 * handlers (main/ipc-router.ts, main/desktop-actions.ts) to the real core (`kindred serve`, over HTTP); only
 * Electron's dialog, shell and webUtils are stand-ins that record what they were asked. A new user clicks "Add a
 * folder" → the system's picker (stand-in) returns a folder → the scan starts → people groups appear; a dropped folder
 * is added; the viewer's "Show in folder" / "Open with default app" reach the shell with the library file's path.
 * Photos' images do not load here (the kindred-media: scheme is Electron's).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../app/api/contract/api-error.js';
import { makeTempDir } from '../app/testing/temp-dir.js';
import { writeVariantLibrary } from '../app/testing/variant-library.js';
import { APP_ORIGIN } from '../main/app-protocol.js';
import { createDesktopHandlers } from '../main/desktop-actions.js';
import { INVOKE_CHANNEL, registerIpcRouter, type InvokeEventLike } from '../main/ipc-router.js';
import { ensureModelBuilt } from '../native-models/model-build.js';
import { LONG, WAIT } from './support/app-session.js';
import { chromiumPath, CHROMIUM_SKIP, openBrowser, screenshot, type BrowserSession } from './support/browser.js';
import { followEvents } from './support/event-stream.js';
import { makePhotoFolder } from './support/photo-folder.js';
import { startKindredServer, type KindredServer } from './support/kindred-server.js';
import { ensureRendererBuilt } from './support/renderer-build.js';

let temp: { dir: string; cleanup(): void };
let server: KindredServer;
let browser: BrowserSession;
let page: Page;
let stopEvents: () => void;
let family: string;
let more: string;
/** What the stand-in picker answers next. */
let nextChoice: { canceled: boolean; filePaths: string[] } = { canceled: true, filePaths: [] };
const shown: string[] = [];
const opened: string[] = [];

/** The main process's call to the core: here over the server's HTTP API instead of the utility process. */
async function coreInvoke(method: string, input: unknown): Promise<ApiResult<unknown>> {
  const response = await fetch(`${server.origin}/api/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input ?? {}),
  });
  return (await response.json()) as ApiResult<unknown>;
}

/** The preload's bridge, as the page sees it; its pathForFile stands in for webUtils (a File named in `__dropped`). */
const BRIDGE = `
  window.__listeners = {};
  window.__dropped = {};
  window.__emit = (name, payload) => { for (const l of window.__listeners[name] || []) l(payload); };
  window.kindred = Object.freeze({
    invoke: (method, input) => window.__mainInvoke(String(method), input),
    on: (name, listener) => {
      (window.__listeners[name] = window.__listeners[name] || new Set()).add(listener);
      return () => window.__listeners[name].delete(listener);
    },
    pathForFile: (file) => (file instanceof File && window.__dropped[file.name]) || '',
  });
`;

const cards = () => page.getByTestId('person-card');

describe.skipIf(!chromiumPath)(
  `the desktop app's first start, folder picker, drop and file actions (Electron mocked: binary not available here)${chromiumPath ? '' : ` — ${CHROMIUM_SKIP}`}`,
  () => {
    beforeAll(async () => {
      temp = makeTempDir('kindred-e2e-desktop-');
      family = join(temp.dir, 'Pictures', 'Family');
      more = join(temp.dir, 'Pictures', 'More');
      await Promise.all([writeVariantLibrary(family), makePhotoFolder(more, 2, { fixtures: false, firstSeed: 7100 }), ensureRendererBuilt(), ensureModelBuilt('accurate')]);
      server = await startKindredServer(join(temp.dir, 'data', 'kindred.db'));
      let handler!: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;
      registerIpcRouter(
        { handle: (channel, listener) => channel === INVOKE_CHANNEL && void (handler = listener), removeHandler: () => undefined },
        {
          appOrigin: APP_ORIGIN,
          invoke: coreInvoke,
          desktop: createDesktopHandlers({
            invoke: coreInvoke,
            dialog: { showOpenDialog: async () => nextChoice },
            shell: { showItemInFolder: (path) => void shown.push(path), openPath: async (path) => (opened.push(path), '') },
          }),
        },
      );
      const appFrame = { url: `${APP_ORIGIN}/index.html` };
      browser = await openBrowser();
      page = browser.page;
      await page.exposeFunction('__mainInvoke', (method: string, input: unknown) => handler({ senderFrame: appFrame, sender: { mainFrame: appFrame } }, method, input));
      await page.addInitScript({ content: BRIDGE });
      // The main process forwards the core's events to the window.
      stopEvents = await followEvents(server.port, server.token, (event) => {
        void page.evaluate(`window.__emit(${JSON.stringify(event.name)}, ${JSON.stringify(event.payload)})`).catch(() => {});
      });
      await page.goto(server.origin);
      await page.getByTestId('welcome').waitFor({ timeout: WAIT });
    }, LONG);

    afterAll(async () => {
      stopEvents?.();
      await browser?.close();
      if (server) expect(await server.stop()).toBe(0);
      temp?.cleanup();
    });

    it('first start offers the system picker (and dropping); a cancelled picker adds nothing', async () => {
      expect(await page.getByTestId('welcome').textContent()).toContain('drop a folder here');
      await screenshot(page, 'desktop-first-start');
      nextChoice = { canceled: true, filePaths: [] };
      await page.getByTestId('welcome-add-folder').click();
      await expect.poll(() => page.getByTestId('welcome-add-folder').isEnabled(), { timeout: WAIT }).toBe(true);
      expect(await page.getByTestId('welcome').count()).toBe(1);
      expect(await page.getByTestId('library-error').count()).toBe(0);
      expect(await page.getByTestId('folder-browser').count()).toBe(0); // the system's picker, not Kindred's browser
    });

    it('mouse only: "Add a folder" → the picker\'s folder is added, the scan starts, people groups appear', async () => {
      nextChoice = { canceled: false, filePaths: [family] };
      await page.getByTestId('welcome-add-folder').click();
      await expect.poll(() => page.getByTestId('folder-list').textContent(), { timeout: WAIT }).toContain(family);
      await page.getByTestId('goto-people').click();
      await expect.poll(() => cards().count(), { timeout: LONG }).toBe(2);
    }, LONG);

    it('a folder dropped from the file manager is added and scanned', async () => {
      await page.getByTestId('nav-library').click();
      await page.getByTestId('library-view').waitFor({ timeout: WAIT });
      await page.getByTestId('scan-summary').waitFor({ timeout: LONG }); // the first scan is over
      await page.evaluate(`
        window.__dropped['More'] = ${JSON.stringify(more)};
        const data = new DataTransfer();
        data.items.add(new File([], 'More'));
        const view = document.querySelector('[data-testid="library-view"]');
        view.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
        view.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      `);
      await expect.poll(() => page.getByTestId('folder-list').textContent(), { timeout: WAIT }).toContain(more);
      // Seven photos from the picked folder (two people, three photos each, one without a face), two from the dropped one.
      await expect.poll(() => page.getByTestId('count-photos').textContent(), { timeout: LONG }).toBe('9');
    }, LONG);

    it('the viewer shows the photo in its folder and opens it, by id, with the library file\'s path', async () => {
      await page.getByTestId('nav-photos').click();
      await page.locator('[data-testid="virtual-grid"] [data-index="0"] button').click();
      await page.getByTestId('viewer-show-in-folder').click();
      await expect.poll(() => shown.length, { timeout: WAIT }).toBe(1);
      expect(shown[0]!.startsWith(family + '/') || shown[0]!.startsWith(more + '/')).toBe(true); // a library file
      await page.getByTestId('viewer-open-file').click();
      await expect.poll(() => opened, { timeout: WAIT }).toEqual(shown);
      expect(await page.getByTestId('viewer-file-error').count()).toBe(0);
      await screenshot(page, 'desktop-viewer-file-actions');
    });
  },
);
