import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../app/shared/paths.js';
import { findElectron, planLaunch } from './launch.js';

describe('npm start launcher (Electron mocked: binary not available here)', () => {
  it('starts Electron on the project when the binary is there and the app is built', () => {
    expect(planLaunch({ electron: { path: '/opt/electron/electron' }, mainBuilt: true, rendererBuilt: true }, '/src/kindred')).toEqual({
      kind: 'electron',
      command: '/opt/electron/electron',
      args: ['/src/kindred'],
    });
  });

  it('points to kindred serve when the binary is missing', () => {
    const plan = planLaunch({ electron: { path: null, reason: 'its download never ran' }, mainBuilt: true, rendererBuilt: true });
    expect(plan).toMatchObject({ kind: 'explain', exitCode: 1 });
    expect(plan.kind === 'explain' && plan.message).toMatch(/not installed here \(its download never ran\)[\s\S]*kindred serve/);
  });

  it('says what to build when the binary is there but the app is not built', () => {
    const plan = planLaunch({ electron: { path: '/opt/electron/electron' }, mainBuilt: false, rendererBuilt: false });
    expect(plan.kind === 'explain' && plan.message).toBe('The desktop app is not built yet: run npm run build && npm run build:renderer first.');
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH, and never downloads', () => {
    expect(findElectron({ ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent/electron-dist' })).toMatchObject({ path: null });
  });
});

describe.skipIf(findElectron().path !== null)('npm start where Electron is missing (binary not available here)', () => {
  it('prints that the binary is missing and points to kindred serve, exit code 1', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'main', 'launch.ts')], { cwd: projectRoot, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Electron's binary is not installed here");
    expect(result.stderr).toContain('npx kindred serve --open');
    expect(result.stdout).not.toContain('Downloading');
  });
});
