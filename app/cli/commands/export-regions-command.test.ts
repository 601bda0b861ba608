import { chmodSync, existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerExportRegionsCommand } from './export-regions-command.js';
import { FaceRepository, type FaceBox } from '../../db/face-repository.js';
import { PeopleRepository } from '../../db/people-repository.js';
import { addFolder } from '../../library/library-folders.js';
import { Library } from '../../db/library.js';
import { scanLibrary } from '../../library/catalogue.js';
import { thumbnailPath } from '../../library/thumbnail-cache.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { exportRegionsForPhotos, type RegionExportSummary } from '../../metadata/export-regions.js';
import { readFaceRegions } from '../../metadata/face-region-reader.js';
import { openExifTool, type MetadataTool } from '../../metadata/metadata-tool.js';
import { exiftoolCli, exiftoolJson, requireExiftoolCli } from '../../metadata/testing/exiftool-cli.js';
import { recatalogueEmbedded } from '../../metadata/embedded-catalogue.js';
import { writeSettings } from '../../settings/settings-store.js';
import { findMark, writeOrientedJpeg } from '../../metadata/testing/oriented-photos.js';

let tool: MetadataTool;
let root: string;
let cleanup: () => void;
let dbPath: string;
let library: Library;
let faces: FaceRepository;
let people: PeopleRepository;

beforeAll(() => {
  requireExiftoolCli();
  tool = openExifTool();
});
afterAll(async () => tool?.close());
beforeEach(() => {
  ({ dir: root, cleanup } = makeTempDir('kindred-export-'));
  dbPath = join(root, 'data', 'kindred.db');
  library = Library.open(dbPath);
  faces = new FaceRepository(library.db);
  people = new PeopleRepository(library.db);
});
afterEach(() => {
  library.close();
  cleanup();
});

const face = (photoId: number, box: FaceBox, personId: number | null, assignment: 'confirmed' | 'auto' = 'confirmed') => {
  const id = faces.insert(photoId, { source: 'detected', detectorId: null, box, landmarks: null, detectorScore: 0.9, quality: 0.9, lowQuality: false });
  if (personId !== null) faces.assign(id, personId, assignment);
  return id;
};

/** Two catalogued photos: A (orientation 6) shows Ann (confirmed) and Bob (only guessed); B shows Bob (confirmed). */
async function library2() {
  const folder = join(root, 'photos');
  const a = join(folder, 'a.jpg');
  const b = join(folder, 'b.jpg');
  await writeOrientedJpeg(a, { width: 120, height: 80, orientation: 6, seed: 1, marks: [{ x: 16, y: 24, width: 24, height: 16, colour: 'red' }, { x: 72, y: 8, width: 16, height: 32, colour: 'green' }] });
  await writeOrientedJpeg(b, { width: 120, height: 80, orientation: 1, seed: 2, marks: [{ x: 40, y: 20, width: 20, height: 20, colour: 'green' }] });
  await addFolder(library, folder);
  await scanLibrary(library);
  const photoA = library.db.prepare('SELECT photo_id FROM files WHERE path = ?').pluck().get(a) as number;
  const photoB = library.db.prepare('SELECT photo_id FROM files WHERE path = ?').pluck().get(b) as number;
  const [ann, bob] = [people.create('Ann Lee'), people.create('Bob')];
  const annBox = await findMark(a, 'red');
  face(photoA, annBox, ann);
  face(photoA, await findMark(a, 'green'), bob, 'auto');
  face(photoB, await findMark(b, 'green'), bob);
  return { a, b, photoA, photoB, annBox };
}

async function cli(...args: string[]): Promise<{ summary: RegionExportSummary; exitCode: number | undefined }> {
  const program = new Command('kindred').option('--db <path>').exitOverride();
  registerExportRegionsCommand(program);
  const printed: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((s: unknown) => void printed.push(String(s)));
  const before = process.exitCode;
  try {
    await program.parseAsync(['--db', dbPath, 'export-regions', '--json', ...args], { from: 'user' });
    return { summary: JSON.parse(printed.join('\n')) as RegionExportSummary, exitCode: process.exitCode === undefined ? undefined : Number(process.exitCode) };
  } finally {
    spy.mockRestore();
    process.exitCode = before;
  }
}

const mwgNames = (file: string) =>
  ((exiftoolJson(['-XMP-mwg-rs:all', file])[0]!.RegionInfo as { RegionList: { Name: string }[] } | undefined)?.RegionList ?? []).map((r) => r.Name);

/** A region as an ExifTool struct argument. */
function structArg(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(structArg).join(',')}]`;
  if (typeof value === 'object' && value !== null) return `{${Object.entries(value).map(([k, v]) => `${k}=${structArg(v)}`).join(',')}}`;
  return String(value);
}

describe('exporting confirmed names', () => {
  it('`kindred export-regions` writes where the settings say (refused while off), every confirmed name and only those; --person narrows the photos', async () => {
    const { a, b, annBox } = await library2();
    // Like the app's "Write names now": nothing is written while the library's write-back setting is off…
    await expect(cli()).rejects.toThrow(/off in Settings/);
    // …and the setting says where names go when the command names no mode.
    writeSettings(library, { writeBackRegions: 'sidecar' });
    const { summary, exitCode } = await cli();
    expect(exitCode).toBeUndefined();
    expect(summary).toMatchObject({ mode: 'sidecar', photos: 2, written: 2, failed: 0 });
    expect(mwgNames(`${a}.xmp`)).toEqual(['Ann Lee']); // Bob was only guessed there
    expect(mwgNames(`${b}.xmp`)).toEqual(['Bob']);
    const back = await readFaceRegions(a, tool);
    for (const k of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(back.regions[0]!.box[k] - annBox[k])).toBeLessThanOrEqual(1);

    const onlyAnn = await cli('--sidecar', '--person', 'ann lee');
    expect(onlyAnn.summary.files.map((f) => f.imagePath)).toEqual([a]);
    await expect(exportRegionsForPhotos(library, { mode: 'sidecar', personName: 'Nobody' }, { tool })).rejects.toThrow(/No person named "Nobody"/);
  });

  it('--embed writes into the photos and keeps the catalogue on them: a rescan finds the same photos and faces', async () => {
    const { a, photoA } = await library2();
    const mtime = statSync(a).mtimeMs;
    writeSettings(library, { writeBackRegions: 'embed' });
    const { summary } = await cli('--embed');
    expect(summary).toMatchObject({ mode: 'embed', written: 2, failed: 0 });
    expect(existsSync(`${a}.xmp`)).toBe(false);
    expect(mwgNames(a)).toEqual(['Ann Lee']);
    expect(Math.abs(statSync(a).mtimeMs - mtime)).toBeLessThan(0.001); // Node sets times to the microsecond
    const photo = library.photos.get(photoA)!;
    expect(existsSync(thumbnailPath(library.thumbnailsDir, photo.contentHash))).toBe(true);

    const rescan = await scanLibrary(library);
    expect(rescan.listed).toMatchObject({ unchanged: 2, changed: 0 });
    utimesSync(a, new Date(), new Date()); // touched: re-read, and it still is the same photo
    const reread = await scanLibrary(library);
    expect(reread).toMatchObject({ read: 1 });
    expect(library.photos.count()).toBe(2);
    expect(library.db.prepare('SELECT photo_id FROM files WHERE path = ?').pluck().get(a)).toBe(photoA);
    expect(faces.ofPhoto(photoA)).toHaveLength(2);
  });

  it('a read-only photo is a per-file error; the other photos are written and the exit code says 1', async () => {
    const { a, b } = await library2();
    chmodSync(a, 0o444);
    writeSettings(library, { writeBackRegions: 'embed' });
    const { summary, exitCode } = await cli('--embed');
    expect(exitCode).toBe(1);
    expect(summary).toMatchObject({ written: 1, failed: 1 });
    expect(summary.files.find((f) => f.imagePath === a)).toMatchObject({ status: 'error', error: expect.stringMatching(/read-only/) });
    expect(mwgNames(b)).toEqual(['Bob']);
    expect(mwgNames(a)).toEqual([]);
  });

  it('--embed is refused, writing nothing, unless the write-back setting is embed (--sidecar still overrides)', async () => {
    const { a, b } = await library2();
    const before = [readFileSync(a), readFileSync(b)];
    for (const setting of ['off', 'sidecar'] as const) {
      writeSettings(library, { writeBackRegions: setting });
      await expect(cli('--embed')).rejects.toThrow(/Embedding names into the photo files is not allowed while Settings say "(off|sidecar)"/);
    }
    expect(readFileSync(a).equals(before[0]!)).toBe(true);
    expect(readFileSync(b).equals(before[1]!)).toBe(true);
    writeSettings(library, { writeBackRegions: 'off' });
    expect((await cli('--sidecar')).summary).toMatchObject({ mode: 'sidecar', written: 2 });
    writeSettings(library, { writeBackRegions: 'embed' });
    expect((await cli('--embed')).summary).toMatchObject({ mode: 'embed', written: 2 });
  });

  it('embedding refuses a file changed since it was catalogued (same size and time, other bytes): a per-file error', async () => {
    const { a, b } = await library2();
    const info = statSync(a);
    const bytes = readFileSync(a);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff; // in the scan data: still a JPEG ExifTool can write
    writeFileSync(a, bytes);
    utimesSync(a, info.atimeMs / 1000, info.mtimeMs / 1000);
    expect(statSync(a).size).toBe(info.size);
    expect(Math.abs(statSync(a).mtimeMs - info.mtimeMs)).toBeLessThan(0.001);
    writeSettings(library, { writeBackRegions: 'embed' });
    const { summary, exitCode } = await cli('--embed');
    expect(exitCode).toBe(1);
    expect(summary).toMatchObject({ written: 1, failed: 1 });
    expect(summary.files.find((f) => f.imagePath === a)).toMatchObject({ status: 'error', error: expect.stringMatching(/changed since Kindred catalogued it \(its content changed\)/) });
    expect(readFileSync(a).equals(bytes)).toBe(true);
    expect(mwgNames(b)).toEqual(['Bob']);

    utimesSync(a, new Date(), new Date()); // touched: refused for its time before its bytes are even read
    const touched = await cli('--embed');
    expect(touched.summary.files.find((f) => f.imagePath === a)).toMatchObject({ status: 'error', error: expect.stringMatching(/modification time changed/) });
  });

  it("keeps another tool's region that overlaps ours, with its name, while a conflict about it is open", async () => {
    const { a, photoA, annBox } = await library2();
    const annFace = faces.ofPhoto(photoA).find((f) => f.personId !== null && f.assignment === 'confirmed')!;
    // Another tool called that face "Carol", and the import queued the contradiction for review.
    writeSettings(library, { writeBackRegions: 'embed' });
    const exported = await cli('--embed');
    expect(exported.summary.written).toBe(2);
    const carolList = (exiftoolJson(['-XMP-mwg-rs:RegionInfo', a])[0]!.RegionInfo as { RegionList: Record<string, unknown>[] }).RegionList.map((r) => ({
      ...r,
      Name: 'Carol',
    }));
    // Written as another tool would (only the name differs from Ann's region), and catalogued again.
    exiftoolCli(['-q', '-overwrite_original', `-XMP-mwg-rs:RegionInfo={AppliedToDimensions={W=120,H=80,Unit=pixel},RegionList=[${carolList.map(structArg).join(',')}]}`, a]);
    expect(await recatalogueEmbedded(library, photoA, library.files.readableOf(photoA).map((f) => f.id))).toBeNull();
    expect(mwgNames(a)).toEqual(['Carol']);
    library.conflicts.record({ photoId: photoA, faceId: annFace.id, kind: 'confirmed_to_other', regionName: 'Carol', currentPersonId: annFace.personId, box: annBox, sourcePath: a, format: 'mwg' });

    const { summary } = await cli('--embed');
    expect(summary).toMatchObject({ written: 2, failed: 0 });
    expect(mwgNames(a).sort()).toEqual(['Ann Lee', 'Carol']);
    // Settled: our name is the word again, and Carol's region goes.
    library.conflicts.resolve(library.conflicts.open(photoA)[0]!.id);
    await cli('--embed');
    expect(mwgNames(a)).toEqual(['Ann Lee']);
  });

  it('refuses --sidecar with --embed', async () => {
    await expect(cli('--sidecar', '--embed')).rejects.toThrow(/cannot be used with/);
  });
});
