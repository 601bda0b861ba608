/**
 * `npm start`: opens the desktop app when Electron's binary is installed; otherwise says so and points to
 * `kindred serve`, which runs the same app in a browser. The decision is a pure function (tested); the rest spawns.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../app/shared/paths.js';

/** What `npm start` will do. */
export type LaunchPlan = { kind: 'electron'; command: string; args: string[] } | { kind: 'explain'; message: string; exitCode: number };

export interface LaunchFacts {
  /** The Electron binary's path, or null with the reason it is not usable. */
  electron: { path: string } | { path: null; reason: string };
  /** Whether `npm run build` and `npm run build:renderer` have produced what Electron loads. */
  mainBuilt: boolean;
  rendererBuilt: boolean;
}

const SERVE_HINT = 'Run Kindred in your browser instead:\n  npx kindred serve --open\n(the same app, served on 127.0.0.1 only)';

export function planLaunch(facts: LaunchFacts, root: string = projectRoot): LaunchPlan {
  if (facts.electron.path === null) {
    return { kind: 'explain', exitCode: 1, message: `Electron's binary is not installed here (${facts.electron.reason}).\n${SERVE_HINT}` };
  }
  const missing = [facts.mainBuilt ? null : 'npm run build', facts.rendererBuilt ? null : 'npm run build:renderer'].filter(Boolean);
  if (missing.length > 0) {
    return { kind: 'explain', exitCode: 1, message: `The desktop app is not built yet: run ${missing.join(' && ')} first.` };
  }
  return { kind: 'electron', command: facts.electron.path, args: [root] };
}

/**
 * Finds Electron's binary where the `electron` package keeps it (path.txt + dist/, or ELECTRON_OVERRIDE_DIST_PATH),
 * without `require('electron')`: that would try to download the binary on the spot.
 */
export function findElectron(env: NodeJS.ProcessEnv = process.env): LaunchFacts['electron'] {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { path: null, reason: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override) {
    const path = join(override, executable || 'electron');
    return existsSync(path) ? { path } : { path: null, reason: `${path} does not exist` };
  }
  if (!executable) return { path: null, reason: 'its download never ran: npx install-electron' };
  const path = join(packageDir, 'dist', executable);
  return existsSync(path) ? { path } : { path: null, reason: `${path} does not exist: npx install-electron` };
}

export function launchFacts(root: string = projectRoot): LaunchFacts {
  return {
    electron: findElectron(),
    mainBuilt: existsSync(join(root, 'dist', 'main', 'main.js')),
    rendererBuilt: existsSync(join(root, 'renderer', 'dist', 'index.html')),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const plan = planLaunch(launchFacts());
  if (plan.kind === 'explain') {
    console.error(plan.message);
    process.exitCode = plan.exitCode;
  } else {
    const child = spawn(plan.command, plan.args, { stdio: 'inherit' });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
    child.on('exit', (code, signal) => (process.exitCode = code ?? (signal ? 1 : 0)));
  }
}
