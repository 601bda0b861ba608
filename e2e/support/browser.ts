/** Debian's Chromium driven by playwright-core, with a fresh profile per test file. */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { projectRoot } from '../../app/shared/paths.js';

/** Chromium to drive: $CHROMIUM_PATH, else Debian's; null when neither exists (the browser tests then skip). */
export const chromiumPath: string | null = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium'].find((p): p is string => !!p && existsSync(p)) ?? null;
export const CHROMIUM_SKIP = 'skipped: Chromium not installed (apt-get install chromium, or set CHROMIUM_PATH)';

/** Where screenshots go (gitignored): look at them after a run. */
export const artifactsDir = join(projectRoot, 'e2e', 'artifacts');

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Content-Security-Policy violations, console errors and uncaught exceptions the page reported. */
  problems: string[];
  /** Responses with an error status, as "STATUS METHOD /path" (some are expected: a refused input is a 400). */
  failedResponses: string[];
  close(): Promise<void>;
}

export async function openBrowser(viewport = { width: 1280, height: 800 }): Promise<BrowserSession> {
  if (!chromiumPath) throw new Error(CHROMIUM_SKIP);
  const profile = mkdtempSync(join(tmpdir(), 'kindred-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport,
    // The app follows the system theme; dark is the default look of the screenshots (light ones switch explicitly).
    colorScheme: 'dark',
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  const failedResponses: string[] = [];
  page.on('console', (message) => {
    // Chromium logs every error status as a console error; those are checked through failedResponses instead.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) failedResponses.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // Records CSP violations from inside the page (the browser enforces the header; this makes violations visible).
  await context.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) =>
      console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')));`,
  });
  mkdirSync(artifactsDir, { recursive: true });
  return {
    context,
    page,
    problems,
    failedResponses,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a screenshot of the page as e2e/artifacts/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
