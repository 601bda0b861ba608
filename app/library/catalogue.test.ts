import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProgressTracker, type JobProgress } from '../jobs/progress-tracker.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { writeSyntheticJpeg } from '../testing/synthetic-photos.js';
import { addFolder, removeFolder } from './library-folders.js';
import { Library } from '../db/library.js';
import { scanLibrary } from './catalogue.js';
import { thumbnailPath } from './thumbnail-cache.js';

let root: string;
let cleanup: () => void;
let library: Library;

beforeEach(() => {
  ({ dir: root, cleanup } = makeTempDir());
  library = Library.open(join(root, 'data', 'kindred.db'));
});
afterEach(() => {
  library.close();
  cleanup();
});

async function makePhotos(folder: string, count: number, firstSeed = 0): Promise<string[]> {
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(folder, `img_${String(i).padStart(3, '0')}.jpg`);
    await writeSyntheticJpeg(path, { seed: firstSeed + i });
    paths.push(path);
  }
  return paths;
}

const statusOf = (path: string) =>
  library.db.prepare('SELECT status, error, photo_id FROM files WHERE path = ?').get(path) as
    | { status: string; error: string | null; photo_id: number | null }
    | undefined;

describe('scanning a library', () => {
  it('catalogues photos with dimensions, EXIF date, camera, orientation and a thumbnail', async () => {
    const photos = join(root, 'photos');
    await writeSyntheticJpeg(join(photos, 'a.jpg'), {
      width: 120, height: 80, orientation: 6, dateTimeOriginal: '2021:07:04 18:30:00', make: 'Canon', model: 'Canon EOS R5',
    });
    await addFolder(library, photos);
    const summary = await scanLibrary(library);
    expect(summary.read).toBe(1);
    const photo = library.photos.get(statusOf(join(photos, 'a.jpg'))!.photo_id!)!;
    // Orientation 6 = rotated 90°: the displayed image is portrait.
    expect(photo).toMatchObject({ width: 80, height: 120, orientation: 6, camera: 'Canon EOS R5', format: 'jpeg' });
    expect(photo.takenAt).toBe(Date.UTC(2021, 6, 4, 18, 30, 0));
    expect(existsSync(thumbnailPath(library.thumbnailsDir, photo.contentHash))).toBe(true);
  });

  it('rescans incrementally: unchanged files are not read again; changed and new ones are', async () => {
    const photos = join(root, 'photos');
    const paths = await makePhotos(photos, 6);
    await addFolder(library, photos);
    const first = await scanLibrary(library);
    expect(first).toMatchObject({ read: 6, listed: { added: 6 } });

    const second = await scanLibrary(library);
    expect(second).toMatchObject({ read: 0, listed: { added: 0, unchanged: 6, changed: 0 } });

    await writeSyntheticJpeg(paths[0]!, { seed: 100 });
    utimesSync(paths[0]!, new Date(), new Date(Date.now() + 5000));
    await writeSyntheticJpeg(join(photos, 'new.jpg'), { seed: 101 });
    const third = await scanLibrary(library);
    expect(third).toMatchObject({ read: 2, listed: { added: 1, changed: 1, unchanged: 5 } });
    // A file rewritten in place is the same photo with new pixels (an edit): re-keyed, its faces to be found again.
    expect(library.photos.count()).toBe(7);
  });

  it('an edited file whose copy elsewhere still shows the old image becomes a photo of its own; alone, it stays its photo', async () => {
    const photos = join(root, 'photos');
    const [a, b] = await makePhotos(photos, 2);
    const copy = join(photos, 'copy-of-a.jpg');
    copyFileSync(a!, copy);
    await addFolder(library, photos);
    await scanLibrary(library);
    const [photoA, photoB] = [statusOf(a!)!.photo_id!, statusOf(b!)!.photo_id!];
    expect(statusOf(copy)!.photo_id).toBe(photoA);

    await writeSyntheticJpeg(a!, { seed: 200 });
    await writeSyntheticJpeg(b!, { seed: 201 });
    utimesSync(a!, new Date(), new Date(Date.now() + 5000));
    utimesSync(b!, new Date(), new Date(Date.now() + 5000));
    expect(await scanLibrary(library)).toMatchObject({ read: 2, listed: { changed: 2 } });
    expect(statusOf(copy)!.photo_id).toBe(photoA); // the copy still shows the old image
    expect(statusOf(a!)!.photo_id).not.toBe(photoA);
    expect(statusOf(b!)!.photo_id).toBe(photoB); // edited in place: the same photo, new pixels
    expect(library.photos.count()).toBe(3);
  });

  it('a metadata-only rewrite keeps the photo and its faces; a photo catalogued before pixel identities is re-keyed, its faces to be found again', async () => {
    const photos = join(root, 'photos');
    const [a, b] = await makePhotos(photos, 2);
    await addFolder(library, photos);
    await scanLibrary(library);
    const [photoA, photoB] = [statusOf(a!)!.photo_id!, statusOf(b!)!.photo_id!];
    library.db.prepare('UPDATE photos SET pixel_hash = NULL WHERE id = ?').run(photoB); // as migration 005 leaves it

    // The same pixels, other metadata (a capture date), so other bytes.
    await writeSyntheticJpeg(a!, { seed: 0, dateTimeOriginal: '2020:01:02 03:04:05' });
    await writeSyntheticJpeg(b!, { seed: 1, dateTimeOriginal: '2020:01:02 03:04:05' });
    utimesSync(a!, new Date(), new Date(Date.now() + 5000));
    utimesSync(b!, new Date(), new Date(Date.now() + 5000));
    expect(await scanLibrary(library)).toMatchObject({ read: 2, listed: { changed: 2 } });
    expect([statusOf(a!)!.photo_id, statusOf(b!)!.photo_id]).toEqual([photoA, photoB]);
    expect(library.photos.count()).toBe(2);
    expect(library.photos.staleFaces(photoA)).toBeUndefined(); // known pixels: nothing to find again
    expect(library.photos.get(photoB)!.pixelHash).toMatch(/^[0-9a-f]{64}$/);
    expect(library.photos.staleFaces(photoB)).toBeDefined(); // unknown before: found again, names carried over
  });

  it('keeps a moved or renamed photo (same content): same photo id, the old path forgotten', async () => {
    const photos = join(root, 'photos');
    const [a] = await makePhotos(photos, 1);
    await addFolder(library, photos);
    await scanLibrary(library);
    const photoId = statusOf(a!)!.photo_id;
    mkdirSync(join(photos, 'moved'));
    const moved = join(photos, 'moved', 'renamed.jpg');
    renameSync(a!, moved);
    const summary = await scanLibrary(library);
    expect(summary.listed).toMatchObject({ added: 1, vanished: 1 });
    expect(statusOf(moved)).toMatchObject({ status: 'ok', photo_id: photoId });
    expect(statusOf(a!)).toBeUndefined();
    expect(library.photos.count()).toBe(1);
  });

  it('marks a vanished file missing but keeps its photo; a copy elsewhere keeps the photo readable', async () => {
    const photos = join(root, 'photos');
    const [a, b] = await makePhotos(photos, 2);
    const copy = join(photos, 'copy-of-a.jpg');
    copyFileSync(a!, copy);
    await addFolder(library, photos);
    await scanLibrary(library);
    const photoA = statusOf(a!)!.photo_id!;
    expect(statusOf(copy)!.photo_id).toBe(photoA); // copies share one photo
    rmSync(a!);
    rmSync(b!);
    await scanLibrary(library);
    expect(statusOf(b!)!.status).toBe('missing');
    expect(library.photos.get(statusOf(b!)!.photo_id!)).toBeDefined();
    expect(library.photos.pathOf(photoA)).toBe(copy);
    // Back on disk unchanged: restored without re-reading.
    await writeSyntheticJpeg(b!, { seed: 1 });
    const again = await scanLibrary(library);
    expect(again.listed.added + again.listed.changed + again.listed.restored).toBe(1);
  });

  it('skips hidden and system folders and survives a symlink loop', async () => {
    const photos = join(root, 'photos');
    await makePhotos(photos, 1);
    await makePhotos(join(photos, '.hidden'), 1, 10);
    await makePhotos(join(photos, '@eaDir'), 1, 20);
    await makePhotos(join(photos, 'deep', 'er'), 1, 30);
    symlinkSync(photos, join(photos, 'deep', 'loop')); // photos/deep/loop → photos
    symlinkSync(join(photos, 'nowhere'), join(photos, 'dangling.jpg'));
    await addFolder(library, photos);
    const summary = await scanLibrary(library);
    expect(summary.read).toBe(2);
    expect(summary.failed).toBe(0);
  });

  it('handles nested folders: a child is covered by its parent, a parent absorbs its children', async () => {
    const photos = join(root, 'photos');
    await makePhotos(join(photos, 'child'), 2);
    const child = await addFolder(library, join(photos, 'child'));
    await scanLibrary(library);
    const parent = await addFolder(library, photos);
    expect(parent.status).toBe('added');
    expect(library.folders.list().map((f) => f.path)).toEqual([photos]);
    expect((await addFolder(library, join(photos, 'child'))).status).toBe('covered');
    const summary = await scanLibrary(library);
    expect(summary.listed).toMatchObject({ added: 0, unchanged: 2 });
    expect(child.status).toBe('added');
  });

  it('removing a folder forgets its photos but never touches the files', async () => {
    const photos = join(root, 'photos');
    const paths = await makePhotos(photos, 2);
    const { folder } = await addFolder(library, photos);
    await scanLibrary(library);
    expect(removeFolder(library, folder.id).photosForgotten).toBe(2);
    expect(library.photos.count()).toBe(0);
    expect(paths.every((p) => existsSync(p))).toBe(true);
  });

  it('reports structured progress and can be cancelled; the next scan finishes the rest', async () => {
    const photos = join(root, 'photos');
    await makePhotos(photos, 30);
    await addFolder(library, photos);
    const controller = new AbortController();
    const seen: JobProgress[] = [];
    const tracker = new ProgressTracker((p) => {
      seen.push(p);
      if (p.phase === 'reading' && p.done >= 5) controller.abort();
    }, 0);
    const first = await scanLibrary(library, { signal: controller.signal, progress: tracker, concurrency: 2 });
    expect(first.cancelled).toBe(true);
    expect(first.read).toBeGreaterThanOrEqual(5);
    expect(first.read).toBeLessThan(30);
    expect(seen.some((p) => p.phase === 'reading' && p.total === 30)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ phase: 'reading' });
    expect(seen.some((p) => p.rate > 0)).toBe(true);
    const second = await scanLibrary(library);
    expect(second.read).toBe(30 - first.read);
    expect(library.files.statusCounts()).toMatchObject({ ok: 30, pending: 0 });
  });
});
