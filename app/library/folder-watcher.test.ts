import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSyntheticJpeg } from '../testing/synthetic-photos.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { FolderWatcher } from './folder-watcher.js';
import { addFolder } from './library-folders.js';
import { Library } from '../db/library.js';
import { scanLibrary } from './catalogue.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('FolderWatcher', () => {
  it('picks up new photos: a folder of them moved into a watched folder triggers a rescan that catalogues them', async () => {
    const { dir, cleanup } = makeTempDir();
    cleanups.push(cleanup);
    const library = Library.open(join(dir, 'data', 'k.db'));
    cleanups.push(() => library.close());
    const photos = join(dir, 'photos');
    await writeSyntheticJpeg(join(photos, 'first.jpg'), { seed: 1 });
    const { folder } = await addFolder(library, photos);
    await scanLibrary(library);
    // The new photos are written outside the watched folder, then moved in with one rename: whenever the watcher
    // reports them, and however many rescans the reports add up to, the files are already complete on disk.
    const staged = join(dir, 'staging', 'new');
    for (let i = 0; i < 3; i++) await writeSyntheticJpeg(join(staged, `n${i}.jpg`), { seed: 10 + i });

    // Rescans run one after another, as the service runs its jobs; the test waits until one has catalogued all four.
    let scanning: Promise<void> = Promise.resolve();
    const catalogued = new Promise<void>((resolve, reject) => {
      const watcher = new FolderWatcher(() => {
        scanning = scanning
          .then(() => scanLibrary(library, { folderIds: [folder.id] }))
          .then(() => {
            if (library.files.statusCounts().ok === 4) resolve();
          })
          .catch(reject);
      }, 300);
      cleanups.push(async () => {
        await watcher.close();
        await scanning; // no rescan left running against a closed library
      });
      watcher.add(photos).then(() => renameSync(staged, join(photos, 'new'))).catch(reject);
    });
    await catalogued;
    expect(library.files.statusCounts()).toMatchObject({ ok: 4 });
  });
});
