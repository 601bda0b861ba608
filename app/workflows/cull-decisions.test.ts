/**
 * Culling over a real catalogue (synthetic photos, faces added as rows): the filter (people all/any, unnamed faces,
 * folder, dates), decisions stored and written to XMP sidecars (read back with Debian's exiftool, an implementation
 * independent of the one that wrote them), colour labels of other tools kept, undo, and export of the picks.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Library } from '../db/library.js';
import { scanLibrary } from '../library/catalogue.js';
import { addFolder } from '../library/library-folders.js';
import { exiftoolCli, exiftoolJson, requireExiftoolCli } from '../metadata/testing/exiftool-cli.js';
import { writeSettings } from '../settings/settings-store.js';
import { writeSyntheticJpeg } from '../testing/synthetic-photos.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { applyCullStates, CullWriteBack } from './cull-decisions.js';
import { cullShoot, shootFilter } from './cull-shoot.js';
import { exportPicks, ExportPicksError } from './export-picks.js';

let root: string;
let cleanup: () => void;
let library: Library;
/** Photo ids by file name. */
const ids = new Map<string, number>();
let ann: number;
let bob: number;

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const xmp = (path: string) => exiftoolJson(['-XMP-xmp:Rating', '-XMP-xmp:Label', `${path}.xmp`])[0]!;

beforeAll(() => {
  requireExiftoolCli();
});

beforeEach(async () => {
  ({ dir: root, cleanup } = makeTempDir('kindred-cull-'));
  library = Library.open(join(root, 'data', 'kindred.db'));
  // a1..a3 in folder a (June 1st), b1..b2 in folder b (June 2nd).
  const files: [string, string, string][] = [
    ['a', 'a1.jpg', '2024:06:01 10:00:00'],
    ['a', 'a2.jpg', '2024:06:01 11:00:00'],
    ['a', 'a3.jpg', '2024:06:01 12:00:00'],
    ['b', 'b1.jpg', '2024:06:02 10:00:00'],
    ['b', 'b2.jpg', '2024:06:02 11:00:00'],
  ];
  for (const [i, [folder, name, date]] of files.entries()) await writeSyntheticJpeg(join(root, 'photos', folder, name), { seed: 100 + i, dateTimeOriginal: date });
  await addFolder(library, join(root, 'photos'));
  await scanLibrary(library);
  for (const p of library.culls.photos(shootFilter({}))) ids.set(library.photos.pathOf(p.id)!.split('/').pop()!, p.id);
  ann = library.people.create('Ann');
  bob = library.people.create('Bob');
  const unnamedGroup = library.people.create(null);
  // a1: Ann + Bob, a2: Ann, a3: an unnamed group, b1: Bob, b2: nobody.
  const face = (photo: string, personId: number | null, x = 10) => {
    const id = library.faces.insert(ids.get(photo)!, { source: 'detected', detectorId: null, box: { x, y: 10, width: 30, height: 30 }, landmarks: null, detectorScore: 0.9, quality: 0.8, lowQuality: false, laplacianVariance: 100 });
    if (personId !== null) library.faces.assign(id, personId, 'confirmed');
  };
  face('a1.jpg', ann);
  face('a1.jpg', bob, 50);
  face('a2.jpg', ann);
  face('a3.jpg', unnamedGroup);
  face('b1.jpg', bob);
});

afterEach(() => {
  library.close();
  cleanup();
});

const names = async (filter: Parameters<typeof shootFilter>[0]) =>
  (await cullShoot(library, shootFilter(filter), 'date')).frames.map((f) => library.photos.pathOf(f.id)!.split('/').pop());

describe('the culling filter', () => {
  it('selects by people (all or any), unnamed faces, folder and capture dates', async () => {
    expect(await names({})).toEqual(['a1.jpg', 'a2.jpg', 'a3.jpg', 'b1.jpg', 'b2.jpg']);
    // Photos taken an hour apart cannot be a burst: no look hash is computed for them.
    expect(library.culls.looks(library.culls.photos(shootFilter({}))).size).toBe(0);
    expect(await names({ personIds: [ann] })).toEqual(['a1.jpg', 'a2.jpg']);
    expect(await names({ personIds: [ann, bob] })).toEqual(['a1.jpg']);
    expect(await names({ personIds: [ann, bob], match: 'any' })).toEqual(['a1.jpg', 'a2.jpg', 'b1.jpg']);
    expect(await names({ unnamed: true })).toEqual(['a3.jpg']);
    expect(await names({ folder: `${join(root, 'photos', 'b')}/` })).toEqual(['b1.jpg', 'b2.jpg']);
    expect(await names({ folder: join(root, 'photos', 'a_') })).toEqual([]); // LIKE's wildcard is a plain character here
    expect(await names({ from: Date.UTC(2024, 5, 1, 11), to: Date.UTC(2024, 5, 2, 10) })).toEqual(['a2.jpg', 'a3.jpg', 'b1.jpg']);
  });
});

describe('picks, rejects and stars', () => {
  it('are stored, undone by applying the states returned, and written to XMP sidecars per the write-back setting', async () => {
    const a1 = ids.get('a1.jpg')!;
    const a2 = ids.get('a2.jpg')!;
    const b1 = ids.get('b1.jpg')!;
    const paths = ['a1.jpg', 'a2.jpg', 'b1.jpg'].map((n) => library.photos.pathOf(ids.get(n)!)!);
    const before = paths.map(sha);
    // Another tool's colour label on b1 stays.
    exiftoolCli(['-q', '-XMP-xmp:Label=Red', '-o', `${paths[2]}.xmp`, paths[2]!]);

    const writer = new CullWriteBack(library);
    // Write-back is off by default: decisions stay in Kindred.
    applyCullStates(library, [{ photoId: a1, flag: 'pick', rating: 0 }]);
    writer.enqueue([a1]);
    await writer.whenIdle();
    expect(writer.status()).toMatchObject({ mode: 'off', written: 0 });
    expect(existsSync(`${paths[0]}.xmp`)).toBe(false);

    writeSettings(library, { writeBackRegions: 'sidecar' });
    const previous = applyCullStates(library, [
      { photoId: a1, flag: 'pick', rating: 4 },
      { photoId: a2, flag: 'reject', rating: 0 },
      { photoId: b1, flag: 'pick', rating: 2 },
      { photoId: 999_999, flag: 'pick', rating: 0 }, // no such photo: skipped
    ]);
    expect(previous).toEqual([
      { photoId: a1, flag: 'pick', rating: 0 },
      { photoId: a2, flag: null, rating: 0 },
      { photoId: b1, flag: null, rating: 0 },
    ]);
    writer.enqueue([a1, a2, b1]);
    await writer.whenIdle();
    expect(writer.status()).toMatchObject({ mode: 'sidecar', pending: 0, written: 3, failed: 0 });
    expect(xmp(paths[0]!)).toMatchObject({ Rating: 4, Label: 'Pick' });
    expect(xmp(paths[1]!)).toMatchObject({ Rating: -1, Label: 'Reject' });
    expect(xmp(paths[2]!)).toMatchObject({ Rating: 2, Label: 'Red' });
    expect(paths.map(sha)).toEqual(before); // sidecars only: the photos are untouched

    // Undo: the states before go back, and so does the XMP (our label removed, the rating back to none).
    applyCullStates(library, previous);
    writer.enqueue(previous.map((s) => s.photoId));
    await writer.whenIdle();
    expect((await cullShoot(library, shootFilter({}), 'date')).frames.filter((f) => f.flag !== null || f.rating > 0).map((f) => f.id)).toEqual([a1]);
    expect(xmp(paths[1]!)).toMatchObject({ Rating: 0 });
    expect(xmp(paths[1]!)['Label']).toBeUndefined();
    expect(xmp(paths[2]!)).toMatchObject({ Rating: 0, Label: 'Red' });
  });

  it("embeds into the photo file when the setting says embed: its pixels and its photo stay, a rescan reads nothing again", async () => {
    writeSettings(library, { writeBackRegions: 'embed' });
    const photoId = ids.get('b2.jpg')!;
    const path = library.photos.pathOf(photoId)!;
    const before = library.photos.get(photoId)!;
    applyCullStates(library, [{ photoId, flag: 'pick', rating: 5 }]);
    const writer = new CullWriteBack(library);
    writer.enqueue([photoId]);
    await writer.whenIdle();
    expect(writer.status()).toMatchObject({ mode: 'embed', written: 1, failed: 0 });
    expect(exiftoolJson(['-XMP-xmp:Rating', '-XMP-xmp:Label', path])[0]).toMatchObject({ Rating: 5, Label: 'Pick' });
    expect(existsSync(`${path}.xmp`)).toBe(false);
    const after = library.photos.get(photoId)!;
    expect(after.pixelHash).toBe(before.pixelHash);
    const rescan = await scanLibrary(library);
    expect(rescan).toMatchObject({ listed: expect.objectContaining({ added: 0, changed: 0 }), read: 0 });
    expect(library.culls.states([photoId])).toEqual([{ photoId, flag: 'pick', rating: 5 }]);
  });

  it('exports the picks of a filter: copies with their sidecars, links, or a list; never overwriting', async () => {
    writeSettings(library, { writeBackRegions: 'sidecar' });
    applyCullStates(library, [
      { photoId: ids.get('a1.jpg')!, flag: 'pick', rating: 3 },
      { photoId: ids.get('a2.jpg')!, flag: 'pick', rating: 0 },
      { photoId: ids.get('b1.jpg')!, flag: 'pick', rating: 0 },
      { photoId: ids.get('a3.jpg')!, flag: 'reject', rating: 0 },
    ]);
    const writer = new CullWriteBack(library);
    writer.enqueue([ids.get('a1.jpg')!]);
    await writer.whenIdle();

    const ofAnn = shootFilter({ personIds: [ann] });
    const out = join(root, 'picks');
    expect(await exportPicks(library, ofAnn, 'copy', out)).toMatchObject({ picked: 2, exported: 2, skipped: 0, errors: [] });
    expect(readdirSync(out).sort()).toEqual(['a1.jpg', 'a1.jpg.xmp', 'a2.jpg']);
    expect(exiftoolJson(['-XMP-xmp:Rating', join(out, 'a1.jpg.xmp')])[0]).toMatchObject({ Rating: 3 });
    // Again into the same folder: new names, nothing overwritten.
    await exportPicks(library, ofAnn, 'link', out);
    expect(readdirSync(out).sort()).toEqual(['a1-2.jpg', 'a1.jpg', 'a1.jpg.xmp', 'a2-2.jpg', 'a2.jpg']);

    const list = join(root, 'picks.txt');
    expect(await exportPicks(library, shootFilter({}), 'list', list)).toMatchObject({ picked: 3, exported: 3 });
    expect(readFileSync(list, 'utf8').trim().split('\n').map((p) => p.split('/').pop())).toEqual(['a1.jpg', 'a2.jpg', 'b1.jpg']);
    await expect(exportPicks(library, shootFilter({}), 'list', list)).rejects.toThrow(ExportPicksError);
    await expect(exportPicks(library, shootFilter({}), 'copy', 'relative/folder')).rejects.toThrow(/absolute/);
  });
});
