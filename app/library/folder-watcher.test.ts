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
  it('picks up new photos: a burst of copies triggers one rescan that catalogues them', async () => {
    const { dir, cleanup } = makeTempDir();
    cleanups.push(cleanup);
    const library = Library.open(join(dir, 'data', 'k.db'));
    cleanups.push(() => library.close());
    const photos = join(dir, 'photos');
    await writeSyntheticJpeg(join(photos, 'first.jpg'), { seed: 1 });
    const { folder } = await addFolder(library, photos);
    await scanLibrary(library);

    let rescans = 0;
    const rescanned = new Promise<void>((resolve) => {
      const watcher = new FolderWatcher(async () => {
        rescans++;
        await scanLibrary(library, { folderIds: [folder.id] });
        resolve();
      }, 300);
      cleanups.push(() => watcher.close());
      void watcher.add(photos).then(async () => {
        for (let i = 0; i < 3; i++) await writeSyntheticJpeg(join(photos, 'new', `n${i}.jpg`), { seed: 10 + i });
      });
    });
    await rescanned;
    expect(rescans).toBe(1);
    expect(library.files.statusCounts()).toMatchObject({ ok: 4 });
  }, 20_000);
});
