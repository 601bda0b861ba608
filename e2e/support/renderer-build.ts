/** Builds the renderer (vite build) when its output is missing or older than its sources. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { projectRoot } from '../../app/shared/paths.js';

const rendererDir = join(projectRoot, 'renderer');
const builtIndex = join(rendererDir, 'dist', 'index.html');
const sources = [join(rendererDir, 'src'), join(rendererDir, 'index.html'), join(rendererDir, 'vite.config.ts'), join(projectRoot, 'app', 'api')];

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(info.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

function isFresh(): boolean {
  return existsSync(builtIndex) && statSync(builtIndex).mtimeMs >= Math.max(...sources.map(newestMtime));
}

/** How long to wait for another test file's build: well under the 120 s hook timeout, which also covers the rest of setup. */
const LOCK_WAIT_MS = 75_000;
/** No build takes this long: a lock this old was left behind by a run that crashed or was killed. */
const LOCK_STALE_MS = 3 * 60_000;

/** How long ago the lock was taken (its directory's mtime); 0 when it has just gone. */
function lockAge(lock: string): number {
  try {
    return Date.now() - statSync(lock).mtimeMs;
  } catch {
    return 0;
  }
}

/** Builds once even when several test files ask at the same time (a lock directory serialises them). */
export async function ensureRendererBuilt(): Promise<void> {
  if (isFresh()) return;
  const lock = join(projectRoot, '.tmp', 'renderer-build.lock');
  mkdirSync(join(projectRoot, '.tmp'), { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const age = lockAge(lock);
    if (age > LOCK_STALE_MS) {
      rmSync(lock, { recursive: true, force: true }); // stale: take it over on the next turn
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `waited ${LOCK_WAIT_MS / 1000} s for the renderer build lock ${lock} (taken ${Math.round(age / 1000)} s ago); ` +
          `if no build is running, remove it or run \`npm run build:renderer\``,
      );
    }
    await sleep(200);
  }
  try {
    if (isFresh()) return;
    const result = spawnSync(process.execPath, [join(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'renderer', '--logLevel', 'warn'], {
      cwd: projectRoot,
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
