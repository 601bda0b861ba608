import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Project root (the folder holding package.json). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `../shared` beside the checkout: labeled faces and public fixtures. Absent on users' machines. */
export const sharedDir = resolve(projectRoot, '..', 'shared');

/** `../shared/faces`, or null when it is not present (tests must then skip with a visible message). */
export const sharedFacesDir: string | null = existsSync(join(sharedDir, 'faces')) ? join(sharedDir, 'faces') : null;

/** Public-domain fixtures committed in the repository. */
export const fixturesDir = join(projectRoot, 'app', 'testing', 'fixtures');

/** The message a skipped test shows when `../shared/faces` is absent. */
export const SHARED_FACES_SKIP = 'skipped: ../shared/faces not present';
