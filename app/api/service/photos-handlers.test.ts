import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaceRepository } from '../../db/face-repository.js';
import type { Library } from '../../db/library.js';
import { boxIoU } from '../../vision/face-detection.js';
import type { KindredClient } from '../contract/kindred-client.js';
import { apiErrorOf as errorOf, openScannedService, type ScannedService } from './testing/scanned-service.js';

let scanned: ScannedService;
let library: Library;
let client: KindredClient;
let faces: FaceRepository;

const photoOf = (path: string) => (library.db.prepare('SELECT photo_id FROM files WHERE path = ?').get(path) as { photo_id: number }).photo_id;
const hasEmbedding = (faceId: number) => library.db.prepare('SELECT count(*) FROM face_embeddings WHERE face_id = ?').pluck().get(faceId) === 1;

beforeAll(async () => {
  scanned = await openScannedService();
  ({ library, client } = scanned);
  faces = new FaceRepository(library.db);
}, 120_000);
afterAll(() => scanned.close());

describe('photos.addFace / removeFace: faces marked and removed by hand (real library, real pipeline)', () => {
  it('finds, embeds and recognises the face in a box drawn over a face the detector missed', async () => {
    const photoId = photoOf(scanned.photos.hopper[1]!);
    const [missed] = faces.ofPhoto(photoId);
    const personId = missed!.personId;
    expect(personId).not.toBeNull();
    // As if the detector had missed it: the face row goes (its embedding with it).
    library.db.prepare('DELETE FROM faces WHERE id = ?').run(missed!.id);
    // Drawn loosely, as a person would: larger than the face and off-centre.
    const { x, y, width, height } = missed!.box;
    const drawn = { x: x - width * 0.15, y: y - height * 0.25, width: width * 1.3, height: height * 1.4 };

    const added = await client.invoke('photos.addFace', { photoId, box: drawn });
    expect(added.found).toBe(true);
    expect(added.face.source).toBe('manual');
    expect(boxIoU(added.face.box, missed!.box)).toBeGreaterThan(0.6);
    expect(faces.get(added.face.id)!.landmarks).not.toBeNull();
    expect(hasEmbedding(added.face.id)).toBe(true);
    // Recognised as the person the other two photos of Grace Hopper belong to.
    expect(added.face.personId).toBe(personId);
  });

  it('refuses a box over a face that is already marked', async () => {
    const photoId = photoOf(scanned.photos.collins[0]!);
    const [face] = faces.ofPhoto(photoId);
    const error = await errorOf(client.invoke('photos.addFace', { photoId, box: face!.box }));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/already marked/);
    expect(faces.ofPhoto(photoId)).toHaveLength(1);
  });

  it('takes the face centred in the box, not a neighbour the margin takes in', async () => {
    const photoId = photoOf(scanned.photos.hopper[0]!);
    const [face] = faces.ofPhoto(photoId);
    const { x, y, width, height } = face!.box;
    // Beside the face: its centre is outside the box, though the 30% margin reaches well into it.
    const beside = { x: x + width * 0.75, y, width: width * 0.6, height };
    const added = await client.invoke('photos.addFace', { photoId, box: beside });
    expect(added.found).toBe(false);
    expect(faces.ofPhoto(photoId)).toHaveLength(2);
  });

  it('refuses a photo the scan has not looked at yet (its detector would mark the face again)', async () => {
    const photoId = photoOf(scanned.photos.collins[0]!);
    library.db.prepare('DELETE FROM photo_analyses WHERE photo_id = ?').run(photoId);
    const error = await errorOf(client.invoke('photos.addFace', { photoId, box: { x: 10, y: 10, width: 100, height: 100 } }));
    expect(error.code).toBe('busy');
    expect(error.message).toMatch(/has not looked for faces in this photo yet/);
  });

  it('keeps a box with no face in it for naming, without an embedding', async () => {
    const photoId = photoOf(join(dirname(scanned.photos.hopper[0]!), 'coffee.png'));
    const added = await client.invoke('photos.addFace', { photoId, box: { x: 100, y: 100, width: 80, height: 80 } });
    expect(added.found).toBe(false);
    expect(added.face.box).toEqual({ x: 100, y: 100, width: 80, height: 80 });
    expect(added.face.personId).toBeNull();
    expect(hasEmbedding(added.face.id)).toBe(false);
  });

  it('refuses a box off the photo, a tiny box and an unknown photo', async () => {
    const photoId = photoOf(scanned.photos.collins[1]!);
    expect((await errorOf(client.invoke('photos.addFace', { photoId, box: { x: 5000, y: 10, width: 50, height: 50 } }))).code).toBe('invalid_input');
    expect((await errorOf(client.invoke('photos.addFace', { photoId, box: { x: 10, y: 10, width: 3, height: 50 } }))).code).toBe('invalid_input');
    expect((await errorOf(client.invoke('photos.addFace', { photoId, box: { x: 10, y: 10, width: -5, height: 50 } }))).code).toBe('invalid_input');
    expect((await errorOf(client.invoke('photos.addFace', { photoId: 999_999, box: { x: 1, y: 1, width: 50, height: 50 } }))).code).toBe('not_found');
  });

  it('removes a face that is not a face: gone with its embedding, its person one face smaller', async () => {
    const photoId = photoOf(scanned.photos.collins[2]!);
    const [face] = faces.ofPhoto(photoId);
    const before = (await client.invoke('people.get', { personId: face!.personId!, offset: 0, limit: 10 })).person.faceCount;
    expect(await client.invoke('photos.removeFace', { faceId: face!.id })).toBeNull();
    expect(faces.get(face!.id)).toBeUndefined();
    expect(hasEmbedding(face!.id)).toBe(false);
    expect((await client.invoke('people.get', { personId: face!.personId!, offset: 0, limit: 10 })).person.faceCount).toBe(before - 1);
    expect((await errorOf(client.invoke('photos.removeFace', { faceId: face!.id }))).code).toBe('not_found');
  });
});
