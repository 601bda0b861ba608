import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FaceDto } from '../../../app/api/contract/common-types.js';
import { createKindredClient } from '../../../app/api/contract/kindred-client.js';
import type { PersonDto } from '../../../app/api/contract/people-contract.js';
import { PeopleState } from './people-state.svelte.js';
import { PersonState } from './person-state.svelte.js';

type Handler = (input: Record<string, unknown>) => unknown;

/**
 * A core in memory behind the real client: people and which of them each face belongs to, split and move as the
 * core does them (`people.changed` told before the reply, an unnamed group with no faces left out of the list), and
 * handlers that can be replaced (to hold a reply back).
 */
function fakeCore(names: Record<number, string | null>, faceOwners: Record<number, number>) {
  const listeners = new Set<(payload: unknown) => void>();
  let nextId = Math.max(...Object.keys(names).map(Number)) + 1;
  const facesOf = (personId: number): FaceDto[] =>
    Object.entries(faceOwners)
      .filter(([, owner]) => owner === personId)
      .map(([id]) => ({ id: Number(id), photoId: Number(id), box: { x: 0, y: 0, width: 9, height: 9 }, source: 'detected', quality: 0.9, lowQuality: false, personId, assignment: 'confirmed', confidence: null }));
  const dto = (id: number): PersonDto => {
    const count = facesOf(id).length;
    return { id, name: names[id] ?? null, coverFaceId: null, shownFaceId: null, hidden: false, faceCount: count, confirmedCount: count, photoCount: count };
  };
  const move = (faceIds: number[], targetId: number): PersonDto => {
    const before = faceIds.map((id) => faceOwners[id]!);
    for (const id of faceIds) faceOwners[id] = targetId;
    listeners.forEach((l) => l({ personIds: [targetId, ...before] }));
    return dto(targetId);
  };
  const handlers: Record<string, Handler> = {
    'people.list': () => Object.keys(names).map(Number).map(dto).filter((p) => p.faceCount > 0 || p.name !== null),
    'people.get': ({ personId }) => {
      const faces = facesOf(personId as number);
      return { person: dto(personId as number), faces: { total: faces.length, offset: 0, items: faces } };
    },
    'people.split': ({ faceIds }) => {
      names[nextId] = null;
      return move(faceIds as number[], nextId++);
    },
    'people.moveFaces': ({ faceIds, targetId }) => move(faceIds as number[], targetId as number),
  };
  const client = createKindredClient({
    async invoke(method, input) {
      const handler = handlers[method];
      if (!handler) return { ok: true, value: null };
      return { ok: true, value: structuredClone(await handler(input as Record<string, unknown>)) };
    },
    on(event, listener) {
      if (event !== 'people.changed') return () => {};
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    mediaUrl: () => '',
  });
  return { client, handlers };
}

/** A promise resolved by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const listed = (people: PeopleState) => people.people.map((p) => [p.name ?? 'group', p.faceCount]);

/** Lets every pending reply and what follows it land. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the person state', () => {
  afterEach(() => void vi.useRealTimers());

  it('is done with a split or a move only once the People list shows it (no card of a group the change emptied)', async () => {
    // The People list's own refetch on people.changed waits on a timer that never fires here: what the list shows
    // when an action is done is what the action itself refetched.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const core = fakeCore({ 1: 'Alice', 2: 'Bob' }, { 11: 1, 12: 1, 13: 1, 21: 2, 22: 2, 23: 2 });
    const people = new PeopleState(core.client);
    const stop = people.connect();
    await people.refresh();
    const person = new PersonState(core.client, () => people.refresh());
    person.open(1);
    await person.load();

    person.toggle(12);
    person.toggle(13);
    const groupId = await person.splitSelected();
    expect(person.notice).toBe('Split 2 face(s) into a new group');
    expect(listed(people)).toEqual([['Alice', 1], ['Bob', 3], ['group', 2]]);

    person.open(groupId!);
    await person.load();
    person.toggle(12);
    person.toggle(13);
    await person.moveSelected(1);
    expect(person.notice).toBe('Moved 2 face(s)');
    expect(person.faces).toEqual([]);
    expect(listed(people)).toEqual([['Alice', 3], ['Bob', 3]]);
    stop();
  });

  it('refreshes the People list through one that a newer refetch overtook, to the newer one', async () => {
    const core = fakeCore({ 1: 'Alice' }, { 11: 1 });
    const people = new PeopleState(core.client);
    const older = deferred<PersonDto[]>();
    const newer = deferred<PersonDto[]>();
    const replies = [older, newer];
    core.handlers['people.list'] = () => replies.shift()!.promise;
    let olderDone = false;
    const first = people.refresh().then(() => (olderDone = true));
    const second = people.refresh();
    older.resolve([]);
    await settle();
    expect(olderDone).toBe(false);
    expect(people.loaded).toBe(false);
    newer.resolve([{ id: 1, name: 'Alice', coverFaceId: null, shownFaceId: null, hidden: false, faceCount: 1, confirmedCount: 1, photoCount: 1 }]);
    await first;
    await second;
    expect(listed(people)).toEqual([['Alice', 1]]);
  });
});
