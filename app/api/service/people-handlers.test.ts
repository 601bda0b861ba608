import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Library } from '../../db/library.js';
import { ApiError } from '../contract/api-error.js';
import type { KindredClient } from '../contract/kindred-client.js';
import type { KindredService } from './kindred-service.js';
import type { PersonDto } from '../contract/people-contract.js';
import { apiErrorOf as errorOf, openScannedService, type ScannedService } from './testing/scanned-service.js';

let scanned: ScannedService;
let library: Library;
let service: KindredService;
let client: KindredClient;
let photos: ScannedService['photos'];
const events: { personIds: number[] | null }[] = [];

/** The two groups the scan found, Collins's (the astronaut) first. */
async function groups(): Promise<{ collins: PersonDto; hopper: PersonDto }> {
  const list = await client.invoke('people.list', {});
  const collinsPhoto = library.db.prepare('SELECT photo_id FROM files WHERE path = ?').get(photos.collins[0]) as { photo_id: number };
  const faceOfCollins = library.db.prepare('SELECT person_id FROM faces WHERE photo_id = ?').get(collinsPhoto.photo_id) as { person_id: number };
  const collins = list.find((p) => p.id === faceOfCollins.person_id)!;
  return { collins, hopper: list.find((p) => p !== collins)! };
}

beforeAll(async () => {
  scanned = await openScannedService((c) => c.on('people.changed', (e) => events.push(e)));
  ({ library, service, client, photos } = scanned);
}, 120_000);
afterAll(() => scanned.close());

describe('people, review and search over the contract (real library, real pipeline)', () => {
  it('lists the two groups the scan found, three faces each', async () => {
    const list = await client.invoke('people.list', {});
    expect(list.map((p) => [p.name, p.faceCount, p.photoCount])).toEqual([
      [null, 3, 3],
      [null, 3, 3],
    ]);
    // Groups have no cover yet, but each still shows one of its own faces.
    expect(list.every((p) => p.coverFaceId === null && p.shownFaceId !== null)).toBe(true);
    const { collins } = await groups();
    const detail = await client.invoke('people.get', { personId: collins.id });
    expect(detail.faces.items.map((f) => f.id)).toContain(detail.person.shownFaceId);
    expect(detail.faces.total).toBe(3);
    expect(detail.faces.items.every((f) => f.personId === collins.id)).toBe(true);
  });

  it('names a group, refuses a taken name as a conflict, and emits people.changed', async () => {
    const { collins, hopper } = await groups();
    events.length = 0;
    const named = await client.invoke('people.name', { personId: collins.id, name: '  Eileen Collins ' });
    expect(named.name).toBe('Eileen Collins');
    expect(events).toEqual([{ personIds: [collins.id] }]);
    const taken = await errorOf(client.invoke('people.name', { personId: hopper.id, name: 'eileen collins' }));
    expect(taken.code).toBe('conflict');
    expect(taken.message).toMatch(/already the name/);
    const list = await client.invoke('people.list', {});
    expect(list[0]!.name).toBe('Eileen Collins');
  });

  it('refuses invalid and unknown input with typed errors', async () => {
    expect((await errorOf(client.invoke('people.name', { personId: 1, name: '   ' }))).code).toBe('invalid_input');
    expect((await errorOf(client.invoke('people.get', { personId: 999_999 }))).code).toBe('not_found');
    expect((await errorOf(service.invoke('people.list', { includeHidden: true, extra: 1 }).then(unwrap))).code).toBe('invalid_input');
    expect((await errorOf(client.invoke('people.split', { faceIds: [999_999] }))).code).toBe('not_found');
  });

  it('splits faces off, moves them back, removes one, and undoes each step', async () => {
    const { collins } = await groups();
    const faces = (await client.invoke('people.get', { personId: collins.id })).faces.items;
    const group = await client.invoke('people.split', { faceIds: [faces[0]!.id] });
    expect(group).toMatchObject({ name: null, faceCount: 1 });
    expect((await client.invoke('people.get', { personId: collins.id })).person.faceCount).toBe(2);
    const back = await client.invoke('people.moveFaces', { faceIds: [faces[0]!.id], targetId: collins.id });
    expect(back.faceCount).toBe(3);
    expect(await client.invoke('people.removeFaces', { faceIds: [faces[1]!.id] })).toEqual({ removed: 1 });
    expect((await client.invoke('people.get', { personId: collins.id })).person.faceCount).toBe(2);
    const history = await client.invoke('people.history', {});
    expect(history[0]!.kind).toBe('remove');
    expect((await client.invoke('people.undo', {}))!.kind).toBe('remove');
    expect((await client.invoke('people.get', { personId: collins.id })).person.faceCount).toBe(3);
  });

  it('sets a cover, hides and shows a group', async () => {
    const { hopper } = await groups();
    const faces = (await client.invoke('people.get', { personId: hopper.id })).faces.items;
    const covered = await client.invoke('people.setCover', { personId: hopper.id, faceId: faces[2]!.id });
    expect([covered.coverFaceId, covered.shownFaceId]).toEqual([faces[2]!.id, faces[2]!.id]);
    const collinsFace = (await client.invoke('people.get', { personId: (await groups()).collins.id })).faces.items[0]!;
    const notTheirs = await errorOf(client.invoke('people.setCover', { personId: hopper.id, faceId: collinsFace.id }));
    expect([notTheirs.code, notTheirs.message]).toEqual(['conflict', `Face ${collinsFace.id} is not one of this person's faces`]);
    await client.invoke('people.hide', { personId: hopper.id, hidden: true });
    expect((await client.invoke('people.list', {})).map((p) => p.id)).not.toContain(hopper.id);
    expect((await client.invoke('people.list', { includeHidden: true })).find((p) => p.id === hopper.id)?.hidden).toBe(true);
    await client.invoke('people.hide', { personId: hopper.id, hidden: false });
  });

  it('search.byFace ranks the same person first, from image bytes and from a stored face', async () => {
    const { collins } = await groups();
    const byImage = await client.invoke('search.byFace', { image: readFileSync(photos.collins[0]!).toString('base64'), k: 4 });
    expect(byImage.results).toHaveLength(4);
    expect(byImage.results.slice(0, 3).every((r) => r.personId === collins.id)).toBe(true);
    expect(byImage.results[3]!.personId).not.toBe(collins.id);
    expect(byImage.results[0]!.distance).toBeLessThan(byImage.threshold);
    expect(new Set(byImage.results.map((r) => r.photoId)).size).toBe(4);
    const face = (await client.invoke('people.get', { personId: collins.id })).faces.items[0]!;
    const byFace = await client.invoke('search.byFace', { photoId: face.photoId, faceId: face.id, k: 3 });
    expect(byFace.results[0]).toMatchObject({ faceId: face.id, photoId: face.photoId });
    expect(byFace.results[0]!.distance).toBeCloseTo(0, 3);
    const wrongPhoto = await errorOf(client.invoke('search.byFace', { photoId: face.photoId + 1000, faceId: face.id, k: 3 }));
    expect(wrongPhoto.code).toBe('not_found');
  }, 60_000);

  it('review asks whether a split-off face is the same person, and a yes merges it back (undoable)', async () => {
    const { hopper } = await groups();
    const faces = (await client.invoke('people.get', { personId: hopper.id })).faces.items;
    const split = await client.invoke('people.split', { faceIds: [faces[0]!.id] });
    const items = await client.invoke('review.next', {});
    const item = items.find((i) => i.question.kind === 'people' && [i.question.personA, i.question.personB].includes(split.id));
    expect(item, JSON.stringify(items)).toBeDefined();
    expect(item!.people.map((p) => p.id).sort()).toEqual([hopper.id, split.id].sort());
    await client.invoke('review.answer', { question: item!.question, same: true });
    expect((await client.invoke('people.get', { personId: hopper.id })).person.faceCount).toBe(3);
    expect((await client.invoke('people.undo', {}))!.kind).toBe('merge');
    await client.invoke('review.answer', { question: item!.question, same: false });
    const again = await client.invoke('review.next', {});
    expect(again.some((i) => i.question.kind === 'people' && [i.question.personA, i.question.personB].includes(split.id))).toBe(false);
  });

  it('merges two people and re-clusters without losing the user\'s work', async () => {
    const { collins, hopper } = await groups();
    const merged = await client.invoke('people.merge', { sourceIds: [hopper.id], targetId: collins.id });
    expect(merged.name).toBe('Eileen Collins');
    expect(merged.photoCount).toBeGreaterThanOrEqual(5);
    expect((await errorOf(client.invoke('people.merge', { sourceIds: [collins.id], targetId: collins.id }))).code).toBe('invalid_input');
    await client.invoke('people.undo', {});
    events.length = 0;
    const summary = await client.invoke('people.recluster', {});
    expect(summary).toHaveProperty('newGroups');
    expect(events).toEqual([{ personIds: null }]);
    expect((await client.invoke('people.list', {})).find((p) => p.name === 'Eileen Collins')?.faceCount).toBe(3);
  });
});

function unwrap(result: Awaited<ReturnType<KindredService['invoke']>>): unknown {
  if (!result.ok) throw ApiError.fromPayload(result.error);
  return result.value;
}
