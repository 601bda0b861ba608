import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Library } from '../../db/library.js';
import { PeopleOperations } from '../../people/people-operations.js';
import type { KindredClient } from '../contract/kindred-client.js';
import type { KindredService } from './kindred-service.js';
import { apiErrorOf as errorOf, openScannedService, type ScannedService } from './testing/scanned-service.js';
import type { EpochDto } from '../contract/training-contract.js';

let scanned: ScannedService;
let library: Library;
let service: KindredService;
let client: KindredClient;
const epochs: { jobId: number; record: EpochDto }[] = [];
const changes: { headId: number | null }[] = [];
let peopleChanged = 0;

/** Names a group and confirms all of its faces, as the People view would. */
function nameAndConfirm(personId: number, name: string): void {
  const ops = new PeopleOperations(library);
  ops.name(personId, name);
  const faceIds = library.db.prepare('SELECT id FROM faces WHERE person_id = ?').all(personId) as { id: number }[];
  for (const { id } of faceIds) ops.confirmFace(id, personId);
}

const embeddingsOf = (modelLike: string) =>
  (library.db.prepare('SELECT count(*) AS n FROM face_embeddings WHERE model_id LIKE ?').get(modelLike) as { n: number }).n;

beforeAll(async () => {
  scanned = await openScannedService((c) => {
    c.on('training.epoch', (e) => epochs.push(e));
    c.on('training.changed', (e) => changes.push(e));
    c.on('people.changed', () => peopleChanged++);
  });
  ({ library, service, client } = scanned);
}, 120_000);
afterAll(() => scanned.close());

describe('training over the contract (real library, real trainer)', () => {
  it('refuses to train until two named people have two or more confirmed faces', async () => {
    const groups = await client.invoke('people.list', {});
    expect(groups.map((g) => g.faceCount)).toEqual([3, 3]);
    let status = await client.invoke('training.status', {});
    expect(status.data).toMatchObject({ namedPeople: 0, confirmedFaces: 0, usablePeople: 0, canTrain: false });
    expect(status.run).toBeNull();
    expect((await errorOf(client.invoke('training.start', {}))).code).toBe('conflict');

    nameAndConfirm(groups[0]!.id, 'Eileen Collins');
    status = await client.invoke('training.status', {});
    expect(status.data).toMatchObject({ namedPeople: 1, confirmedFaces: 3, usablePeople: 1, usableFaces: 3, canTrain: false });
    const refusal = await errorOf(client.invoke('training.start', {}));
    expect(refusal.code).toBe('conflict');
    expect(refusal.message).toMatch(/at least two named people with two or more confirmed faces/);
    expect(await client.invoke('training.heads', {})).toEqual([]);
  });

  it('runs a training job with one event per epoch and stores a head that is not switched on', async () => {
    const groups = await client.invoke('people.list', {});
    nameAndConfirm(groups.find((g) => g.name === null)!.id, 'Grace Hopper');
    expect((await client.invoke('training.status', {})).data).toMatchObject({ namedPeople: 2, confirmedFaces: 6, usablePeople: 2, canTrain: true });

    const job = await client.invoke('training.start', { epochs: 6 });
    expect(job.kind).toBe('train');
    // A second click while it runs is the same job, not a second run.
    expect((await client.invoke('training.start', { epochs: 6 })).jobId).toBe(job.jobId);
    await service.whenIdle();

    const ours = epochs.filter((e) => e.jobId === job.jobId).map((e) => e.record);
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.map((r) => r.epoch)).toEqual(ours.map((_, i) => i + 1));
    expect(ours.every((r) => r.val >= 0 && r.val <= 1 && r.auc >= 0 && r.auc <= 1)).toBe(true);

    const heads = await client.invoke('training.heads', {});
    expect(heads).toHaveLength(1);
    const head = heads[0]!;
    expect(head).toMatchObject({ version: 1, active: false, people: 2 });
    expect(head.trainFaces! + head.validationFaces!).toBe(6);
    expect(head.after!.accuracy).toBeGreaterThan(0.5);
    // The stored history starts with epoch 0: the frozen model, before any training.
    expect(head.history.map((h) => h.epoch)).toEqual([0, ...ours.map((r) => r.epoch)]);
    expect(changes.at(-1)).toEqual({ headId: head.id });

    const status = await client.invoke('training.status', {});
    expect(status.run).toMatchObject({ jobId: job.jobId, state: 'done', headId: head.id, epochs: 6 });
    expect(status.run!.history).toEqual(ours);
    expect((await client.invoke('jobs.recent', {}))[0]).toMatchObject({ kind: 'train', state: 'done' });
  }, 60_000);

  it('switches the head on (faces re-projected, people refreshed) and off again', async () => {
    const [head] = await client.invoke('training.heads', {});
    const before = peopleChanged;
    const on = await client.invoke('training.use', { headId: head!.id });
    expect(on.map((h) => h.active)).toEqual([true]);
    expect(embeddingsOf('%.ft1')).toBe(6);
    expect(peopleChanged).toBe(before + 1);
    expect(changes.at(-1)).toEqual({ headId: head!.id });
    // Recognition with the head keeps the people the user confirmed.
    const people = await client.invoke('people.list', {});
    expect(people.map((p) => [p.name, p.faceCount]).sort()).toEqual([
      ['Eileen Collins', 3],
      ['Grace Hopper', 3],
    ]);

    const off = await client.invoke('training.use', { none: true });
    expect(off.map((h) => h.active)).toEqual([false]);
    expect(embeddingsOf('%.ft1')).toBe(0);
    expect(changes.at(-1)).toEqual({ headId: null });

    expect((await errorOf(client.invoke('training.use', { headId: 999 }))).code).toBe('not_found');
    expect((await errorOf(client.invoke('training.use', { none: false } as never))).code).toBe('invalid_input');
  }, 60_000);

  it('cancels a run: the job ends cancelled and no head is stored', async () => {
    // Cancelled from the first epoch's event, as the core hears it (the worker may be done with every epoch by then).
    const cancelled = new Promise<void>((resolve) => {
      const off = service.subscribe((event) => {
        if (event.name !== 'training.epoch') return;
        off();
        void service.invoke('training.cancel', {}).then(() => resolve());
      });
    });
    const job = await client.invoke('training.start', { epochs: 500, seed: 2 });
    await cancelled;
    await service.whenIdle();
    const status = await client.invoke('training.status', {});
    expect(status.run).toMatchObject({ jobId: job.jobId, state: 'cancelled', headId: null });
    expect(await client.invoke('training.heads', {})).toHaveLength(1);
    expect((await client.invoke('jobs.recent', {}))[0]).toMatchObject({ kind: 'train', state: 'cancelled' });
  }, 60_000);

  it('marks a head trained on another recipe of the model as stale, and refuses to switch it on', async () => {
    const [head] = await client.invoke('training.heads', {});
    expect(head!.stale).toBe(false);
    // What a scan does when the model's crop changed (embedding-recipe-change.ts): the library adopts the new recipe.
    library.analyses.adoptRecipe(head!.modelId, 'r1-another-recipe');
    const [after] = await client.invoke('training.heads', {});
    expect(after).toMatchObject({ id: head!.id, stale: true, active: false });
    expect((await errorOf(client.invoke('training.use', { headId: head!.id }))).code).toBe('conflict');
  }, 60_000);
});
