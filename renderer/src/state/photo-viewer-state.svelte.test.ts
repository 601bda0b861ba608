import { describe, expect, it } from 'vitest';
import type { FaceDto } from '../../../app/api/contract/common-types.js';
import type { PhotoDetailDto } from '../../../app/api/contract/photos-contract.js';
import { createKindredClient } from '../../../app/api/contract/kindred-client.js';
import type { PersonDto } from '../../../app/api/contract/people-contract.js';
import { MIN_BOX_PX, PhotoViewerState } from './photo-viewer-state.svelte.js';

const face = (id: number, personId: number | null, box = { x: 100, y: 100, width: 50, height: 50 }): FaceDto => ({
  id,
  photoId: 1,
  box,
  source: 'detected',
  quality: 0.9,
  lowQuality: false,
  personId,
  assignment: personId === null ? null : 'auto',
  confidence: null,
});

const photo = (id: number, faces: FaceDto[]): PhotoDetailDto => ({
  id,
  width: 1000,
  height: 800,
  takenAt: null,
  available: true,
  contentHash: `hash${id}`,
  format: 'jpeg',
  orientation: 1,
  camera: null,
  files: [{ path: `/photos/${id}.jpg`, status: 'ok' }],
  faces: faces.map((f) => ({ ...f, photoId: id })),
});

const person = (id: number, name: string | null): PersonDto => ({ id, name, coverFaceId: null, shownFaceId: null, hidden: false, faceCount: 1, confirmedCount: 0, photoCount: 1 });

type Handler = (input: Record<string, unknown>) => unknown;

/**
 * A core in memory behind the real client: the photos and people it serves, every call it got, handlers that can
 * be replaced (to hold a reply back or fail), and `people.changed` pushed by hand.
 */
function fakeCore(photos: PhotoDetailDto[], people: PersonDto[]) {
  const calls: { method: string; input: Record<string, unknown> }[] = [];
  const listeners = new Set<(payload: unknown) => void>();
  const handlers: Record<string, Handler> = {
    'photos.get': ({ photoId }) => {
      const found = photos.find((p) => p.id === photoId);
      if (!found) throw { code: 'not_found', message: `No photo with id ${String(photoId)}` };
      return structuredClone(found);
    },
    'people.list': () => structuredClone(people),
  };
  const client = createKindredClient({
    async invoke(method, input) {
      calls.push({ method, input: input as Record<string, unknown> });
      const handler = handlers[method];
      if (!handler) return { ok: true, value: null };
      try {
        return { ok: true, value: await handler(input as Record<string, unknown>) };
      } catch (error) {
        return { ok: false, error: error as { code: 'internal'; message: string } };
      }
    },
    on(event, listener) {
      if (event !== 'people.changed') return () => {};
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    mediaUrl: () => '',
  });
  const changed = () => listeners.forEach((l) => l({ personIds: null }));
  return { client, calls, handlers, photos, people, listeners, changed, called: (method: string) => calls.filter((c) => c.method === method).map((c) => c.input) };
}

/** Lets every pending reply and the reloads after it land. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A promise resolved by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('the photo viewer state', () => {
  it('loads the photo and every person, labels the faces, and follows people.changed while open', async () => {
    const core = fakeCore([photo(1, [face(10, 5), face(11, 6), face(12, null)])], [person(5, 'Ada'), person(6, null)]);
    const viewer = new PhotoViewerState(core.client);
    const stop = viewer.open(1);
    expect(viewer.photo).toBeNull();
    await settle();
    expect(viewer.photo?.id).toBe(1);
    expect(viewer.photo!.faces.map((f) => viewer.labelOf(f))).toEqual(['Ada', 'Unnamed group', 'Unknown']);
    expect(viewer.names).toEqual(['Ada']);
    expect(core.called('people.list')).toEqual([{ includeHidden: true }]);

    core.people[1] = person(6, 'Grace');
    core.changed();
    await settle();
    expect(viewer.labelOf(viewer.photo!.faces[1]!)).toBe('Grace');
    stop();
    expect(core.listeners.size).toBe(0);
  });

  it('shows only the newest reload, whichever reply lands last', async () => {
    const core = fakeCore([photo(1, [face(10, null)]), photo(2, [])], []);
    const viewer = new PhotoViewerState(core.client);
    const slow = deferred<PhotoDetailDto>();
    core.handlers['photos.get'] = ({ photoId }) => (photoId === 1 ? slow.promise : structuredClone(core.photos[1]!));
    const stop1 = viewer.open(1);
    stop1();
    viewer.open(2);
    await settle();
    expect(viewer.photo?.id).toBe(2);
    slow.resolve(structuredClone(core.photos[0]!));
    await settle();
    expect(viewer.photo?.id).toBe(2);
    expect(viewer.photoId).toBe(2);
  });

  it('starts every photo afresh: no form, marking, notice, error or zoom carried over', async () => {
    const core = fakeCore([photo(1, [face(10, null)]), photo(2, [])], []);
    const viewer = new PhotoViewerState(core.client);
    viewer.open(1);
    await settle();
    viewer.edit(viewer.photo!.faces[0]!);
    viewer.zoom = 4;
    viewer.notice = 'Face box removed.';
    viewer.error = 'Kindred could not be reached';
    viewer.open(2);
    expect([viewer.photo, viewer.editing, viewer.marking, viewer.drag, viewer.notice, viewer.error, viewer.zoom]).toEqual([null, null, false, null, null, null, 1]);
  });

  it('names a face: an existing name (any case) moves it to that person, a new one makes a new person of it', async () => {
    const core = fakeCore([photo(1, [face(10, null), face(11, 5)])], [person(5, 'Ada'), person(6, 'Grace')]);
    core.handlers['people.split'] = () => ({ id: 42 });
    const viewer = new PhotoViewerState(core.client);
    viewer.open(1);
    await settle();

    const [unknown, ada] = viewer.photo!.faces as [FaceDto, FaceDto];
    viewer.edit(unknown);
    expect([viewer.editing, viewer.name]).toEqual([10, '']);
    viewer.name = '  grace ';
    await viewer.saveName();
    expect(core.called('people.moveFaces')).toEqual([{ faceIds: [10], targetId: 6 }]);
    expect(viewer.editing).toBeNull();
    expect(viewer.busy).toBe(false);

    viewer.edit(unknown);
    viewer.name = 'Katherine';
    await viewer.saveName();
    expect(core.called('people.split')).toEqual([{ faceIds: [10] }]);
    expect(core.called('people.name')).toEqual([{ personId: 42, name: 'Katherine' }]);

    // Its own name again: nothing to do, the form just closes.
    viewer.edit(ada);
    expect(viewer.name).toBe('Ada');
    const before = core.calls.length;
    await viewer.saveName();
    expect(core.calls.length).toBe(before);
    expect(viewer.editing).toBeNull();
  });

  it('takes a face from its person, and keeps the form open with the reason when a change fails', async () => {
    const core = fakeCore([photo(1, [face(10, 5)])], [person(5, 'Ada')]);
    const viewer = new PhotoViewerState(core.client);
    viewer.open(1);
    await settle();
    const ada = viewer.photo!.faces[0]!;
    viewer.edit(ada);
    core.handlers['people.removeFaces'] = () => {
      throw { code: 'conflict', message: 'That face has moved on' };
    };
    await viewer.notThisPerson(ada);
    expect(viewer.error).toBe('That face has moved on');
    expect(viewer.editing).toBe(10);

    core.handlers['people.removeFaces'] = () => null;
    await viewer.notThisPerson(ada);
    expect(core.called('people.removeFaces')).toEqual([{ faceIds: [10] }, { faceIds: [10] }]);
    expect([viewer.error, viewer.editing]).toEqual([null, null]);
  });

  it('removes a box that is not a face only when asked twice', async () => {
    const core = fakeCore([photo(1, [face(10, null)])], []);
    core.handlers['photos.removeFace'] = () => {
      core.photos[0]!.faces = [];
      return null;
    };
    const viewer = new PhotoViewerState(core.client);
    viewer.open(1);
    await settle();
    const box = viewer.photo!.faces[0]!;
    viewer.edit(box);
    await viewer.notAFace(box);
    expect(viewer.confirmingRemoval).toBe(true);
    expect(core.called('photos.removeFace')).toEqual([]);
    await viewer.notAFace(box);
    expect(core.called('photos.removeFace')).toEqual([{ faceId: 10 }]);
    expect(viewer.notice).toBe('Face box removed.');
    expect(viewer.photo!.faces).toEqual([]);
    expect(viewer.editedFace).toBeNull();
  });

  it('marks a missed face from a drag in photo pixels, then opens its form, saying when no face was found in it', async () => {
    const core = fakeCore([photo(1, [])], []);
    core.handlers['photos.addFace'] = ({ box }) => {
      const added = { ...face(20, null, box as FaceDto['box']), source: 'manual' as const };
      core.photos[0]!.faces.push(added);
      return { face: added, found: false };
    };
    const viewer = new PhotoViewerState(core.client);
    viewer.open(1);
    await settle();

    viewer.toggleMarking();
    expect(viewer.marking).toBe(true);
    viewer.startDrag({ x: 300, y: 200 });
    viewer.moveDrag({ x: 200, y: 320 });
    expect(viewer.dragBox).toEqual({ x: 200, y: 200, width: 100, height: 120 });
    await viewer.endDrag();
    expect(core.called('photos.addFace')).toEqual([{ photoId: 1, box: { x: 200, y: 200, width: 100, height: 120 } }]);
    expect(viewer.drag).toBeNull();
    expect(viewer.marking).toBe(false);
    expect(viewer.editing).toBe(20);
    expect(viewer.editedFace?.id).toBe(20);
    expect(viewer.notice).toMatch(/No face could be found in that box/);
  });

  it('refuses a box too small to hold a face, with a hint', async () => {
    const core = fakeCore([photo(1, [])], []);
    const viewer = new PhotoViewerState(core.client);
    viewer.open(1);
    await settle();
    viewer.toggleMarking();
    viewer.startDrag({ x: 10, y: 10 });
    viewer.moveDrag({ x: 10 + MIN_BOX_PX - 1, y: 100 });
    await viewer.endDrag();
    expect(core.called('photos.addFace')).toEqual([]);
    expect(viewer.notice).toBe('Drag a larger box, over the whole face.');
    expect(viewer.marking).toBe(true);
  });

  it('does not let a marked face, or its failure, land on another photo the user has moved to', async () => {
    const core = fakeCore([photo(1, []), photo(2, [])], []);
    const reply = deferred<unknown>();
    core.handlers['photos.addFace'] = () => reply.promise;
    const viewer = new PhotoViewerState(core.client);
    viewer.open(1);
    await settle();
    viewer.toggleMarking();
    const marking = viewer.markFace({ x: 0, y: 0, width: 100, height: 100 });
    viewer.open(2);
    viewer.toggleMarking();
    reply.resolve({ face: face(20, null), found: true });
    await marking;
    expect([viewer.photo?.id, viewer.editing, viewer.marking]).toEqual([2, null, true]);

    core.handlers['photos.addFace'] = () => Promise.reject(new Error('late failure'));
    viewer.open(1);
    await settle();
    const failing = viewer.markFace({ x: 0, y: 0, width: 100, height: 100 });
    viewer.open(2);
    await failing;
    expect(viewer.error).toBeNull();
  });

  it('lets Escape close the form first, then stop marking, then the viewer', async () => {
    const core = fakeCore([photo(1, [face(10, null)])], []);
    const viewer = new PhotoViewerState(core.client);
    viewer.open(1);
    await settle();
    viewer.toggleMarking();
    viewer.startDrag({ x: 1, y: 1 });
    viewer.edit(viewer.photo!.faces[0]!);
    expect(viewer.escape()).toBe(true);
    expect([viewer.editing, viewer.marking]).toEqual([null, true]);
    expect(viewer.escape()).toBe(true);
    expect([viewer.marking, viewer.drag]).toEqual([false, null]);
    expect(viewer.escape()).toBe(false);
  });
});
