/**
 * A folder of photos for end-to-end runs: every public fixture (truncated.jpg included, unless `fixtures` is false)
 * plus dated synthetic ones whose content is set by `firstSeed` (equal seeds make equal photos, which the library
 * counts once).
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from '../../app/testing/shared-faces.js';
import { writeSyntheticJpeg } from '../../app/testing/synthetic-photos.js';

export async function makePhotoFolder(
  folder: string,
  syntheticCount: number,
  options: { fixtures?: boolean; firstSeed?: number } = {},
): Promise<string> {
  mkdirSync(folder, { recursive: true });
  if (options.fixtures ?? true) {
    for (const name of readdirSync(fixturesDir).filter((n) => !n.endsWith('.md'))) copyFileSync(join(fixturesDir, name), join(folder, name));
  }
  for (let s = options.firstSeed ?? 0, i = 0; i < syntheticCount; i++, s++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    await writeSyntheticJpeg(join(folder, 'trip', `img_${String(s).padStart(4, '0')}.jpg`), {
      width: 480,
      height: 320,
      seed: s,
      dateTimeOriginal: `2023:${String(1 + (i % 12)).padStart(2, '0')}:${day} 12:00:00`,
    });
  }
  return folder;
}
