import { describe, expect, it } from 'vitest';
import type { JobSnapshotDto } from '../../../app/api/contract/jobs-contract.js';
import { isNewerSnapshot } from './job-snapshot-order.js';

const snapshot = (jobId: number, state: JobSnapshotDto['state'], phase = 'reading', done = 0): JobSnapshotDto => ({
  jobId,
  kind: 'scan',
  state,
  progress: { phase, done, total: 10, rate: 0, etaSeconds: null },
  startedAt: 1,
  finishedAt: state === 'running' || state === 'pausing' || state === 'cancelling' ? null : 2,
  error: null,
  summary: null,
});

describe('job snapshot order', () => {
  it('a late "running" reply never revives a job whose "done" event came first', () => {
    expect(isNewerSnapshot(snapshot(6, 'running', 'starting'), snapshot(6, 'done'))).toBe(false);
    expect(isNewerSnapshot(snapshot(6, 'done'), snapshot(6, 'running', 'reading', 9))).toBe(true);
  });

  it('a newer job wins over anything about an older one, and never the other way', () => {
    expect(isNewerSnapshot(snapshot(7, 'running', 'starting'), snapshot(6, 'done'))).toBe(true);
    expect(isNewerSnapshot(snapshot(5, 'done'), snapshot(6, 'running'))).toBe(false);
    expect(isNewerSnapshot(snapshot(1, 'running'), null)).toBe(true);
  });

  it('within a running job: a late start reply or an older count is ignored, and a stop request is not undone by a late progress event', () => {
    expect(isNewerSnapshot(snapshot(6, 'running', 'reading', 3), snapshot(6, 'running', 'reading', 5))).toBe(false);
    expect(isNewerSnapshot(snapshot(6, 'running', 'reading', 6), snapshot(6, 'running', 'reading', 5))).toBe(true);
    expect(isNewerSnapshot(snapshot(6, 'running', 'faces', 0), snapshot(6, 'running', 'reading', 5))).toBe(true);
    expect(isNewerSnapshot(snapshot(6, 'running', 'starting', 0), snapshot(6, 'running', 'reading', 5))).toBe(false);
    expect(isNewerSnapshot(snapshot(6, 'running', 'reading', 0), snapshot(6, 'running', 'starting', 0))).toBe(true);
    expect(isNewerSnapshot(snapshot(6, 'running', 'reading', 7), snapshot(6, 'pausing', 'reading', 5))).toBe(false);
    expect(isNewerSnapshot(snapshot(6, 'paused'), snapshot(6, 'pausing', 'reading', 5))).toBe(true);
  });
});
