/**
 * The desktop app itself, launched with Playwright's Electron driver where Electron's binary exists: the window
 * exposes exactly window.kindred (no Node, no require), calls reach the core and invalid ones are refused. Reports
 * itself skipped where the binary is not installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../app/shared/paths.js';
import { makeTempDir } from '../app/testing/temp-dir.js';
import { findElectron } from '../main/launch.js';
import { screenshot } from './support/browser.js';
import { ensureRendererBuilt } from './support/renderer-build.js';

const binary = findElectron();
const SKIP = binary.path === null ? ` — skipped: Electron binary not available here (${binary.reason})` : '';

describe.skipIf(binary.path === null)(`the Electron app${SKIP}`, () => {
  it('opens a locked-down window whose only bridge is window.kindred', async () => {
    await ensureRendererBuilt();
    if (!existsSync(join(projectRoot, 'dist', 'main', 'main.js'))) {
      const build = spawnSync(process.execPath, [join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: projectRoot, encoding: 'utf8' });
      expect(build.status, build.stdout + build.stderr).toBe(0);
    }
    const { dir, cleanup } = makeTempDir('kindred-electron-');
    const app = await electron.launch({
      executablePath: binary.path!,
      args: [projectRoot],
      env: { ...process.env, KINDRED_DB: join(dir, 'kindred.db') },
    });
    try {
      const window = await app.firstWindow();
      await window.getByRole('heading', { name: 'Library' }).waitFor();
      // The last view of an earlier run may be restored (window-state.json in userData).
      expect(window.url()).toMatch(/^kindred:\/\/app\/index\.html(#\/[a-z-]+)?$/);
      expect(await window.evaluate('Object.keys(window.kindred).sort().join(",")')).toBe('invoke,on,pathForFile');
      expect(await window.evaluate('typeof require + "," + typeof process')).toBe('undefined,undefined');
      expect(await window.evaluate('window.kindred.invoke("library.status", {}).then((r) => r.ok)')).toBe(true);
      expect(await window.evaluate('window.kindred.invoke("photos.get", { photoId: "x" }).then((r) => r.error.code)')).toBe('invalid_input');
      expect(await window.evaluate('window.kindred.invoke("no.such.method", {}).then((r) => r.error.code)')).toBe('unknown_method');
      // The desktop part of the contract takes photo ids, never paths.
      expect(await window.evaluate('window.kindred.invoke("desktop.photo.open", { path: "/etc/passwd" }).then((r) => r.error.code)')).toBe('invalid_input');
      expect(await window.evaluate('window.kindred.pathForFile("/etc/passwd")')).toBe('');
      // Context isolation: the page sees a frozen copy of the bridge, and cannot reach Electron through it.
      expect(await window.evaluate('Object.isFrozen(window.kindred) && !("ipcRenderer" in window)')).toBe(true);
      // Navigation away and new windows are refused.
      expect(await window.evaluate('window.open("https://example.com") === null')).toBe(true);
      expect(app.windows()).toHaveLength(1);
      await screenshot(window, 'electron-library');
    } finally {
      await app.close();
      cleanup();
    }
  });
});
