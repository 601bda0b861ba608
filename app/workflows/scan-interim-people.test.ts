import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureModelBuilt } from '../../native-models/model-build.js';
import { Library } from '../db/library.js';
import { addFolder } from '../library/library-folders.js';
import { fixturesDir } from '../testing/shared-faces.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { writeVariantLibrary } from '../testing/variant-library.js';
import { runLibraryScan } from './scan-library.js';

/** Unnamed groups and their face counts, largest first (tests may read the database directly). */
function groupSizes(library: Library): number[] {
  const rows = library.db
    .prepare('SELECT COUNT(*) AS n FROM faces WHERE person_id IS NOT NULL GROUP BY person_id ORDER BY n DESC')
    .all() as { n: number }[];
  return rows.map((r) => r.n);
}

let temp: { dir: string; cleanup(): void };
beforeAll(async () => {
  temp = makeTempDir('kindred-interim-');
  await Promise.all([writeVariantLibrary(join(temp.dir, 'photos')), ensureModelBuilt('accurate')]);
});
afterAll(() => temp.cleanup());

describe('people groups during a scan', () => {
  it('regroups while faces are found (told each time), and ends with the same groups as a scan that did not', async () => {
    const results: { sizes: number[]; told: number; newGroups: number | undefined }[] = [];
    for (const [name, interimPeopleEveryMs] of [['interim', 0], ['plain', undefined]] as const) {
      const library = Library.open(join(temp.dir, name, 'kindred.db'));
      try {
        await addFolder(library, join(temp.dir, 'photos'));
        let told = 0;
        const summary = await runLibraryScan(library, {
          overrides: { model: 'accurate', executionProvider: 'cpu' },
          onPeopleChanged: () => told++,
          ...(interimPeopleEveryMs === undefined ? {} : { interimPeopleEveryMs }),
        });
        results.push({ sizes: groupSizes(library), told, newGroups: summary.people?.newGroups });
        if (name === 'interim') {
          // A small addition to a bigger library waits for the scan's end (no early regroups, no full one).
          await sharp(join(fixturesDir, 'coffee.png')).rotate(90).png().toFile(join(temp.dir, 'photos', 'coffee-turned.png'));
          let toldAgain = 0;
          const again = await runLibraryScan(library, { overrides: { model: 'accurate', executionProvider: 'cpu' }, onPeopleChanged: () => toldAgain++, interimPeopleEveryMs: 0 });
          expect(again.faces?.photos).toBe(1);
          expect(toldAgain).toBe(0);
          expect(again.people?.dissolvedGroups).toBe(0);
        }
      } finally {
        library.close();
      }
    }
    const [interim, plain] = results;
    expect(interim!.told).toBeGreaterThanOrEqual(1);
    expect(plain!.sizes).toEqual([3, 3]);
    expect(interim!.sizes).toEqual(plain!.sizes);
    expect(interim!.newGroups).toBe(2);
  }, 120_000);
});
