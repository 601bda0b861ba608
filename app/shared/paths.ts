import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The product name: also the user-data folder name, matching Electron's `app.getPath('userData')`. */
export const PRODUCT_NAME = 'Kindred';

/** The folder holding Kindred's package.json, found by walking up (works from sources and from dist/). */
export const projectRoot: string = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

export const migrationsDir = join(projectRoot, 'migrations');
export const nativeModelsDir = join(projectRoot, 'native-models');

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'kindred') return dir;
    if (dirname(dir) === dir) throw new Error(`Kindred's package.json not found above ${start}`);
  }
}

/**
 * The per-user data folder, the same one Electron's `app.getPath('userData')` returns for Kindred, so the CLI and
 * the desktop app share one library.
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
    case 'win32':
      return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
    default:
      return join(env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), PRODUCT_NAME);
  }
}

/** The library database: `--db` or `KINDRED_DB` override the user-data default. */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  return env['KINDRED_DB'] || join(userDataDir(env), 'kindred.db');
}
