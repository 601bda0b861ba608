/** Builds the renderer (vite build) when its output is missing or older than its sources. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
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

/** Builds once even when several test files ask at the same time (a lock directory serialises them). */
export async function ensureRendererBuilt(): Promise<void> {
  if (isFresh()) return;
  const lock = join(projectRoot, '.tmp', 'renderer-build.lock');
  mkdirSync(join(projectRoot, '.tmp'), { recursive: true });
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 120_000) rmdirSync(lock, { recursive: true } as never); // a crashed build left it behind
      await sleep(200);
    }
  }
  try {
    if (isFresh()) return;
    const result = spawnSync(process.execPath, [join(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'renderer', '--logLevel', 'warn'], {
      cwd: projectRoot,
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
  } finally {
    rmdirSync(lock);
  }
}
