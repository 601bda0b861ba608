import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FaceRepository, type FaceBox } from '../db/face-repository.js';
import { PeopleRepository } from '../db/people-repository.js';
import { Library } from '../db/library.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { importRegionsForPhoto, importRegionsForPhotos } from './import-regions.js';
import { openExifTool, type MetadataTool } from './metadata-tool.js';
import { exiftoolCli, requireExiftoolCli } from './testing/exiftool-cli.js';
import { findMark, writeOrientedJpeg, type Mark } from './testing/oriented-photos.js';

const [W, H] = [120, 80];
const ANN: Mark = { x: 16, y: 24, width: 24, height: 16, colour: 'red' };
const BOB: Mark = { x: 72, y: 8, width: 16, height: 32, colour: 'green' };
const CY: Mark = { x: 92, y: 52, width: 16, height: 16, colour: 'blue' };
const area = (m: Mark) => `Area={X=${(m.x + m.width / 2) / W},Y=${(m.y + m.height / 2) / H},W=${m.width / W},H=${m.height / H},Unit=normalized}`;

let tool: MetadataTool;
let root: string;
let cleanup: () => void;
let library: Library;
let faces: FaceRepository;
let people: PeopleRepository;
let seed = 0;

beforeAll(() => {
  requireExiftoolCli();
  tool = openExifTool();
});
afterAll(async () => tool?.close());
beforeEach(() => {
  ({ dir: root, cleanup } = makeTempDir('kindred-import-'));
  library = Library.open(join(root, 'data', 'kindred.db'));
  faces = new FaceRepository(library.db);
  people = new PeopleRepository(library.db);
});
afterEach(() => {
  library.close();
  cleanup();
});

/** A portrait photo (orientation 6) tagged Lightroom-style, catalogued, with the faces a detector would find. */
async function taggedPhoto(regions: { mark: Mark; name: string }[], extraArgs: string[] = [], orientation = 6) {
  const path = join(root, `photo-${++seed}.jpg`);
  await writeOrientedJpeg(path, { width: W, height: H, orientation, seed, marks: [ANN, BOB, CY] });
  const list = regions.map((r) => `{${area(r.mark)},Name=${r.name},Type=Face}`).join(',');
  exiftoolCli(['-q', '-overwrite_original', `-XMP-mwg-rs:RegionInfo={AppliedToDimensions={W=${W},H=${H},Unit=pixel},RegionList=[${list}]}`, ...extraArgs, path]);
  const swapped = orientation >= 5;
  const photoId = library.photos.upsert({
    contentHash: `hash-${seed}`, format: 'jpeg', width: swapped ? H : W, height: swapped ? W : H, orientation, takenAt: null, camera: null,
  });
  const truth = { ann: await findMark(path, 'red'), bob: await findMark(path, 'green'), cy: await findMark(path, 'blue') };
  return { path, photoId, truth };
}

/** A detector's box: tighter than the tagger's (the inner 70%). */
const detect = (photoId: number, b: FaceBox): number => {
  const box = { x: b.x + b.width * 0.15, y: b.y + b.height * 0.15, width: b.width * 0.7, height: b.height * 0.7 };
  return faces.insert(photoId, { source: 'detected', detectorId: null, box, landmarks: null, detectorScore: 0.9, quality: 0.8, lowQuality: false });
};

describe('importing face regions into the library', () => {
  it('confirms matched faces, creates people and faces by name, and queues what contradicts the user', async () => {
    const { path, photoId, truth } = await taggedPhoto([{ mark: ANN, name: 'Ann Lee' }, { mark: BOB, name: 'Bob' }, { mark: CY, name: 'Cy' }], [
      '-XMP-iptcExt:PersonInImage=Dee',
    ]);
    const annFace = detect(photoId, truth.ann);
    const bobFace = detect(photoId, truth.bob);
    const existingAnn = people.create('ann LEE');
    const robert = people.create('Robert');
    faces.assign(bobFace, robert, 'confirmed');

    const result = await importRegionsForPhoto(library, photoId, path, { tool });

    expect(result.status).toBe('ok');
    expect(result.source).toEqual({ kind: 'embedded', path });
    expect(result.confirmed.map((c) => [c.name, c.newFace, c.createdPerson])).toEqual([['Ann Lee', false, false], ['Cy', true, true]]);
    expect(faces.get(annFace)).toMatchObject({ personId: existingAnn, assignment: 'confirmed' });
    const cy = faces.get(result.confirmed[1]!.faceId)!;
    expect(cy).toMatchObject({ source: 'imported', assignment: 'confirmed', personId: people.byName('cy')!.id });
    for (const k of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(cy.box[k] - truth.cy[k])).toBeLessThanOrEqual(1);

    // Bob's face stays Robert's; the name waits for review.
    expect(faces.get(bobFace)).toMatchObject({ personId: robert, assignment: 'confirmed' });
    expect(result.conflicts).toMatchObject([{ kind: 'confirmed_to_other', faceId: bobFace, regionName: 'Bob', currentPersonId: robert, format: 'mwg' }]);
    expect(library.conflicts.open()).toMatchObject([{ photoId, faceId: bobFace, regionName: 'Bob', sourcePath: path }]);
    expect(people.byName('Bob')).toBeUndefined();
    expect(result.unplacedNames).toEqual(['Dee']);

    // Importing the same file again changes nothing and queues nothing twice.
    const again = await importRegionsForPhoto(library, photoId, path, { tool });
    expect(again).toMatchObject({ confirmed: [], unchanged: 2 });
    expect(faces.ofPhoto(photoId)).toHaveLength(3);
    expect(library.conflicts.open()).toHaveLength(1);
    expect(people.list().map((p) => p.name).sort()).toEqual(['Cy', 'Robert', 'ann LEE']);
  });

  it("overrides automatic guesses but never the user's rejections or a person already confirmed in the photo", async () => {
    const { path, photoId, truth } = await taggedPhoto([{ mark: ANN, name: 'Ann' }, { mark: BOB, name: 'Bob' }, { mark: CY, name: 'Cy' }]);
    const [annFace, bobFace, cyFace] = [detect(photoId, truth.ann), detect(photoId, truth.bob), detect(photoId, truth.cy)];
    const [ann, bob, cy] = [people.create('Ann'), people.create('Bob'), people.create('Cy')];
    faces.assign(annFace, bob, 'auto', 0.9); // automation thought Ann's face was Bob
    faces.assign(cyFace, ann, 'suggested', 0.6); // and suggested Cy's face as Ann
    people.rejectFace(bobFace, bob); // the user said: this face is not Bob
    const extra = detect(photoId, { x: 0, y: 0, width: 10, height: 10 });
    faces.assign(extra, cy, 'confirmed'); // Cy is confirmed elsewhere in this photo

    const result = await importRegionsForPhoto(library, photoId, path, { tool });

    expect(faces.get(annFace)).toMatchObject({ personId: ann, assignment: 'confirmed' });
    expect(faces.get(cyFace)).toMatchObject({ personId: null, assignment: null }); // a photo shows Ann once
    expect(faces.get(bobFace)).toMatchObject({ personId: null });
    expect(result.conflicts.map((c) => [c.kind, c.regionName, c.faceId])).toEqual([
      ['rejected_by_user', 'Bob', bobFace],
      ['person_already_in_photo', 'Cy', extra],
    ]);
  });

  it('proposes a name-only tag for the single face of a photo, without confirming it', async () => {
    const path = join(root, 'single.jpg');
    await writeOrientedJpeg(path, { width: W, height: H, orientation: 1, marks: [ANN] });
    exiftoolCli(['-q', '-overwrite_original', '-XMP-iptcExt:PersonInImage=Eve', path]);
    const photoId = library.photos.upsert({ contentHash: 'single', format: 'jpeg', width: W, height: H, orientation: 1, takenAt: null, camera: null });
    const face = detect(photoId, await findMark(path, 'red'));
    const result = await importRegionsForPhoto(library, photoId, path, { tool });
    expect(result.suggested).toMatchObject([{ faceId: face, name: 'Eve', createdPerson: true }]);
    expect(faces.get(face)).toMatchObject({ assignment: 'suggested', personId: people.byName('Eve')!.id });
    expect(result.unplacedNames).toEqual([]);
  });

  it('reports an unreadable file as a per-photo error; the batch goes on and new faces reach the hook', async () => {
    const { path, photoId } = await taggedPhoto([{ mark: CY, name: 'Cy' }]);
    const broken = library.photos.upsert({ contentHash: 'broken', format: 'jpeg', width: 10, height: 10, orientation: 1, takenAt: null, camera: null });
    const folder = library.folders.insert(root);
    const fileRows = library.db.prepare(`INSERT INTO files (folder_id, path, size, mtime_ms, photo_id, status) VALUES (?, ?, 1, 1, ?, 'ok')`);
    fileRows.run(folder.id, join(root, 'missing.jpg'), broken);
    fileRows.run(folder.id, path, photoId);
    const hooked: number[] = [];
    const summary = await importRegionsForPhotos(library, [broken, photoId], { tool, onImportedFace: async (f) => void hooked.push(f.faceId) });
    expect(summary).toMatchObject({ photos: 2, failed: 1, confirmed: 1, newFaces: 1, createdPeople: 1 });
    expect(summary.results[0]).toMatchObject({ status: 'error', photoId: broken });
    expect(hooked).toEqual([summary.results[1]!.confirmed[0]!.faceId]);
  });
});
