import { copyFileSync, mkdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library } from '../db/library.js';
import { scanLibrary } from '../library/catalogue.js';
import { addFolder } from '../library/library-folders.js';
import { fixturesDir } from '../testing/shared-faces.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { exportRegionsForPhotos } from './export-regions.js';
import { exiftoolJson } from './testing/exiftool-cli.js';

let root: string;
let cleanup: () => void;
let library: Library;
beforeEach(() => {
  ({ dir: root, cleanup } = makeTempDir('kindred-embed-'));
  library = Library.open(join(root, 'data', 'kindred.db'));
});
afterEach(() => {
  library.close();
  cleanup();
});

describe('names embedded into a photo by Kindred', () => {
  it('leave it the same photo: the rescan skips it, and reads it back onto the same photo once its time changes', async () => {
    const photos = join(root, 'photos');
    mkdirSync(photos);
    const path = join(photos, 'grace.jpg');
    copyFileSync(join(fixturesDir, 'grace_hopper_512x512.jpg'), path);
    await addFolder(library, photos);
    await scanLibrary(library);
    const photoId = library.photos.readableFiles()[0]!.photoId;
    const before = library.photos.get(photoId)!;
    const faceId = library.faces.insert(photoId, {
      source: 'manual', detectorId: null, box: { x: 150, y: 80, width: 200, height: 240 }, landmarks: null, detectorScore: null, quality: null, lowQuality: false,
    });
    library.faces.assign(faceId, library.people.create('Grace'), 'confirmed');

    const summary = await exportRegionsForPhotos(library, { mode: 'embed' });
    expect(summary).toMatchObject({ written: 1, failed: 0, warnings: [] });
    expect(JSON.stringify(exiftoolJson(['-XMP-mwg-rs:RegionInfo', path]))).toContain('Grace');
    expect(library.photos.get(photoId)).toMatchObject({ pixelHash: before.pixelHash });
    expect(library.photos.get(photoId)!.contentHash).not.toBe(before.contentHash);

    expect(await scanLibrary(library)).toMatchObject({ read: 0, listed: { changed: 0 } });
    utimesSync(path, new Date(), new Date(Date.now() + 5000)); // a backup tool restored it, say: read again
    expect(await scanLibrary(library)).toMatchObject({ read: 1, listed: { changed: 1 } });
    expect(library.photos.count()).toBe(1);
    expect(library.faces.ofPhoto(photoId)).toMatchObject([{ id: faceId, assignment: 'confirmed' }]);
    expect(library.photos.get(photoId)!.pixelHash).toBe(before.pixelHash);
  });
});
