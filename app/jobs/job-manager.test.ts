import { setImmediate as tick } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/open-database.js';
import { JobRepository } from '../db/job-repository.js';
import { Repositories } from '../db/repositories.js';
import type { JobSnapshotDto } from '../api/contract/jobs-contract.js';
import { JobManager, type JobSpec } from './job-manager.js';

/** A job that "processes" items one per tick and remembers what it finished (as a real job commits its work). */
function countingJob(committed: number[], total: number, options: { failAt?: number } = {}): JobSpec {
  return {
    kind: 'count',
    params: { total },
    changes: ['photos'],
    run: async ({ signal, progress }) => {
      const todo = Array.from({ length: total }, (_, i) => i).filter((i) => !committed.includes(i));
      progress.phase('counting', todo.length);
      for (const item of todo) {
        if (signal.aborted) break;
        await tick();
        if (item === options.failAt) throw new Error(`item ${item} is broken`);
        committed.push(item);
        progress.advance();
      }
      return null;
    },
  };
}

let db: Database;
let snapshots: JobSnapshotDto[];
let changes: number;
let committed: number[];
const newManager = () =>
  new JobManager({
    library: new Repositories(db),
    specFor: (kind, params) => (kind === 'count' ? countingJob(committed, (params as { total: number }).total) : null),
    onSnapshot: (s) => snapshots.push(s),
    onChanges: () => changes++,
  });

beforeEach(() => {
  db = openDatabase(':memory:');
  snapshots = [];
  changes = 0;
  committed = [];
});
afterEach(() => db.close());

describe('JobManager', () => {
  it('runs a job to the end, reporting progress and recording it in the jobs table', async () => {
    const manager = newManager();
    const started = manager.start(countingJob(committed, 50));
    expect(started.state).toBe('running');
    expect(started.jobId).toBeGreaterThan(0);
    await manager.whenIdle();
    expect(committed).toHaveLength(50);
    const last = snapshots.at(-1)!;
    expect(last).toMatchObject({ jobId: started.jobId, state: 'done', progress: { phase: 'counting', done: 50, total: 50 } });
    expect(manager.current()).toBeNull();
    expect(manager.last()?.state).toBe('done');
    expect(new JobRepository(db).get(started.jobId)?.state).toBe('done');
    expect(changes).toBeGreaterThan(0);
  });

  it('runs one job at a time: the same job again returns it, another kind is refused as busy', async () => {
    const manager = newManager();
    const first = manager.start(countingJob(committed, 20));
    expect(manager.start(countingJob(committed, 20)).jobId).toBe(first.jobId);
    expect(() => manager.start({ ...countingJob(committed, 20), kind: 'other' })).toThrow(expect.objectContaining({ code: 'busy' }));
    await manager.whenIdle();
  });

  it('pauses (finished work kept) and resumes where it stopped, across a new manager', async () => {
    const manager = newManager();
    manager.start(countingJob(committed, 40));
    while (committed.length < 10) await tick();
    expect(manager.pause()?.state).toBe('pausing');
    await manager.whenIdle();
    const paused = manager.last()!;
    expect(paused.state).toBe('paused');
    const doneBeforeResume = committed.length;
    expect(doneBeforeResume).toBeGreaterThanOrEqual(10);
    expect(doneBeforeResume).toBeLessThan(40);
    expect(new JobRepository(db).get(paused.jobId)?.state).toBe('cancelled');

    // The paused job survives a restart: a new manager on the same database offers it.
    const restarted = newManager();
    expect(restarted.resumable()).toEqual({ kind: 'count', params: { total: 40 }, reason: 'paused' });
    const resumed = restarted.resume();
    expect(resumed.jobId).not.toBe(paused.jobId);
    await restarted.whenIdle();
    expect(restarted.last()).toMatchObject({ state: 'done', progress: { done: 40 - doneBeforeResume, total: 40 - doneBeforeResume } });
    expect(new Set(committed).size).toBe(40);
    expect(restarted.resumable()).toBeNull();
    expect(() => restarted.resume()).toThrow(expect.objectContaining({ code: 'conflict' }));
  });

  it('cancels: the job stops, nothing is offered for resume, and a pause on the way does not undo the cancel', async () => {
    const manager = newManager();
    manager.start(countingJob(committed, 1000));
    await tick();
    expect(manager.cancel()?.state).toBe('cancelling');
    expect(manager.pause()?.state).toBe('cancelling');
    await manager.whenIdle();
    expect(manager.last()?.state).toBe('cancelled');
    expect(committed.length).toBeLessThan(1000);
    expect(manager.resumable()).toBeNull();
    expect(manager.pause()).toBeNull();
  });

  it('reports a failing job as failed with its reason', async () => {
    const manager = newManager();
    manager.start(countingJob(committed, 10, { failAt: 3 }));
    await manager.whenIdle();
    expect(manager.last()).toMatchObject({ state: 'failed', error: 'item 3 is broken' });
    expect(new JobRepository(db).recent(1)[0]).toMatchObject({ state: 'failed', error: 'item 3 is broken' });
  });

  it('offers jobs a crash left running, and closes their rows when resumed', async () => {
    const crashed = new JobRepository(db).start('count', { total: 5 });
    new JobRepository(db).start('unknown-kind', {});
    const manager = newManager();
    expect(manager.resumable()).toEqual({ kind: 'count', params: { total: 5 }, reason: 'interrupted' });
    const resumed = manager.resume();
    await manager.whenIdle();
    expect(new JobRepository(db).get(crashed)).toMatchObject({ state: 'cancelled', error: `interrupted; resumed as job ${resumed.jobId}` });
    expect(committed).toHaveLength(5);
  });

  it('shuts down as a pause, waiting for the job to stop', async () => {
    const manager = newManager();
    manager.start(countingJob(committed, 100_000));
    await tick();
    await manager.shutdown(5_000);
    expect(manager.current()).toBeNull();
    expect(manager.last()?.state).toBe('paused');
    expect(newManager().resumable()?.reason).toBe('paused');
  });
});
