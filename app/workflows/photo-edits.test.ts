import { readFileSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureModelBuilt } from '../../native-models/model-build.js';
import { Library } from '../db/library.js';
import type { Face } from '../db/face-repository.js';
import { intersectionOverUnion } from '../metadata/box-overlap.js';
import { addFolder, removeFolder } from '../library/library-folders.js';
import { exiftoolCli, requireExiftoolCli } from '../metadata/testing/exiftool-cli.js';
import { fixturesDir } from '../testing/shared-faces.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { runLibraryScan } from './scan-library.js';

/** Exiftool is required, except on a developer's machine without it (CI always has it). */
const exiftoolMissing = ((): boolean => {
  try {
    requireExiftoolCli();
    return false;
  } catch {
    return !process.env.CI;
  }
})();

const overrides = { model: 'accurate', executionProvider: 'cpu' } as const;
const CROP = { left: 60, top: 24, width: 400, height: 440 };

let root: string;
let cleanup: () => void;
let library: Library;

beforeAll(async () => {
  await ensureModelBuilt('accurate');
});
beforeEach(() => {
  ({ dir: root, cleanup } = makeTempDir('kindred-edits-'));
  library = Library.open(join(root, 'data', 'kindred.db'));
});
afterEach(() => {
  library.close();
  cleanup();
});

const gridIds = (): number[] => library.queries.photos(0, 100).items.map((p) => p.id).sort((a, b) => a - b);
const onlyFace = (photoId: number): Face => {
  const faces = library.faces.ofPhoto(photoId);
  expect(faces).toHaveLength(1);
  return faces[0]!;
};

describe.skipIf(exiftoolMissing)('photos edited by other tools', () => {
  it('keep their photo, faces, names and rejections through a metadata edit; a crop or a rotation carries them to the faces found again', async () => {
    // Folder "mine": a JPEG and a photo stored sideways with an EXIF orientation (as cameras do); "other": one more.
    const mine = join(root, 'mine');
    const other = join(root, 'other');
    mkdirSync(mine, { recursive: true });
    mkdirSync(other, { recursive: true });
    const grace = join(mine, 'grace.jpg');
    const astronaut = join(mine, 'astronaut.jpg');
    copyFileSync(join(fixturesDir, 'grace_hopper_512x512.jpg'), grace);
    // Stored turned a quarter to the left, displayed upright by orientation 6 (turn right).
    writeFileSync(astronaut, await sharp(join(fixturesDir, 'astronaut.png')).rotate(270).jpeg({ quality: 92 }).withMetadata({ orientation: 6 }).toBuffer());
    copyFileSync(join(fixturesDir, 'coffee.png'), join(other, 'coffee.png'));
    await addFolder(library, mine);
    const otherFolder = await addFolder(library, other);
    await runLibraryScan(library, { overrides });

    const photoOf = (path: string): number => library.photos.readableFiles().find((f) => f.path === path)!.photoId;
    const [gracePhoto, astronautPhoto] = [photoOf(grace), photoOf(astronaut)];
    const photosBefore = gridIds();
    expect(photosBefore).toHaveLength(3);

    // The user names both faces and says Grace's face is not "Someone else".
    const graceFace = onlyFace(gracePhoto);
    const astronautFace = onlyFace(astronautPhoto);
    const [gracePerson, astronautPerson, someoneElse] = ['Grace', 'Eileen', 'Someone else'].map((n) => library.people.create(n));
    library.faces.assign(graceFace.id, gracePerson!, 'confirmed');
    library.faces.assign(astronautFace.id, astronautPerson!, 'confirmed');
    library.people.rejectFace(graceFace.id, someoneElse!);

    // Another tool rates both photos: their bytes change, their pixels do not.
    exiftoolCli(['-q', '-overwrite_original', '-Rating=3', grace, astronaut]);
    const afterRating = await runLibraryScan(library, { overrides });
    expect(afterRating.listed.changed).toBe(2);
    expect(gridIds()).toEqual(photosBefore); // no duplicate
    expect(onlyFace(gracePhoto)).toMatchObject({ id: graceFace.id, personId: gracePerson, assignment: 'confirmed' });
    expect(onlyFace(astronautPhoto)).toMatchObject({ id: astronautFace.id, personId: astronautPerson, assignment: 'confirmed' });
    expect(library.people.isFaceRejected(graceFace.id, someoneElse!)).toBe(true);

    // Now a crop of one (written over the file) and the other turned upright for good (its orientation baked in).
    writeFileSync(grace, await sharp(readFileSync(grace)).extract(CROP).jpeg({ quality: 92 }).toBuffer());
    writeFileSync(astronaut, await sharp(readFileSync(astronaut)).rotate().jpeg({ quality: 92 }).toBuffer());
    const afterEdits = await runLibraryScan(library, { overrides });
    expect(afterEdits.listed.changed).toBe(2);
    expect(gridIds()).toEqual(photosBefore); // the same photos, no duplicate
    expect(library.photos.get(gracePhoto)).toMatchObject({ width: CROP.width, height: CROP.height });

    const croppedFace = onlyFace(gracePhoto);
    expect(library.faces.get(graceFace.id)).toBeUndefined(); // the old face is gone...
    expect(croppedFace).toMatchObject({ source: 'detected', personId: gracePerson, assignment: 'confirmed' }); // ...its name is not
    const shifted = { ...graceFace.box, x: graceFace.box.x - CROP.left, y: graceFace.box.y - CROP.top };
    expect(intersectionOverUnion(shifted, croppedFace.box)).toBeGreaterThan(0.8);
    expect(library.people.isFaceRejected(croppedFace.id, someoneElse!)).toBe(true);

    const uprightFace = onlyFace(astronautPhoto);
    expect(library.faces.get(astronautFace.id)).toBeUndefined();
    expect(uprightFace).toMatchObject({ personId: astronautPerson, assignment: 'confirmed' });
    expect(intersectionOverUnion(astronautFace.box, uprightFace.box)).toBeGreaterThan(0.8);

    // Removing the other folder forgets its photo only.
    expect(removeFolder(library, otherFolder.folder.id)).toEqual({ photosForgotten: 1 });
    expect(gridIds()).toEqual([gracePhoto, astronautPhoto].sort((a, b) => a - b));
    expect(library.faces.ofPerson(gracePerson!).map((f) => f.id)).toEqual([croppedFace.id]);
    expect(library.faces.ofPerson(astronautPerson!).map((f) => f.id)).toEqual([uprightFace.id]);
  });
});
