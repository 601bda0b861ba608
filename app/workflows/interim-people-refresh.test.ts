import { describe, expect, it, vi } from 'vitest';
import type { GroupingSummary } from '../people/people-grouping.js';
import { nextInterimAt, startInterimRefresh } from './interim-people-refresh.js';

const summary: GroupingSummary = { recognisedAuto: 0, recognisedSuggested: 0, joinedGroups: 0, newGroups: 1, facesInNewGroups: 2, dissolvedGroups: 0 };

describe('interim people refresh during a scan', () => {
  it('waits at least the minimum interval, and ten times as long as the last regroup took', () => {
    expect(nextInterimAt(1000, 50)).toBe(1000 + 15_000);
    expect(nextInterimAt(1000, 4000)).toBe(1000 + 40_000);
    expect(nextInterimAt(0, 10, 100, 3)).toBe(100);
  });

  it('regroups repeatedly until stopped, tells each time, and says that it ran', async () => {
    let calls = 0;
    const told: GroupingSummary[] = [];
    const interim = startInterimRefresh({ refresh: async () => (calls++, summary), onRefreshed: (s) => told.push(s), minIntervalMs: 0 });
    await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(2));
    expect(await interim.stop()).toBe(true);
    const after = calls;
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(after);
    expect(told.length).toBe(calls);
  });

  it('stop() waits for a regroup in flight', async () => {
    let release!: () => void;
    let started = false;
    let finished = false;
    const interim = startInterimRefresh({
      refresh: () => ((started = true), new Promise<GroupingSummary>((resolve) => (release = () => resolve(summary)))).then((s) => ((finished = true), s)),
      minIntervalMs: 0,
    });
    await vi.waitFor(() => expect(started).toBe(true));
    const stopping = interim.stop();
    release();
    expect(await stopping).toBe(true);
    expect(finished).toBe(true);
  });

  it('a scan shorter than the interval never regroups early', async () => {
    const refresh = vi.fn(async () => summary);
    const interim = startInterimRefresh({ refresh, minIntervalMs: 60_000 });
    expect(await interim.stop()).toBe(false);
    expect(refresh).not.toHaveBeenCalled();
  });

  it('a failed interim regroup stops the interim ones (the scan\'s final regroup reports the problem)', async () => {
    const refresh = vi.fn(async (): Promise<GroupingSummary> => {
      throw new Error('index busy');
    });
    const interim = startInterimRefresh({ refresh, minIntervalMs: 0 });
    await vi.waitFor(() => expect(refresh).toHaveBeenCalledTimes(1));
    expect(await interim.stop()).toBe(false);
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});
