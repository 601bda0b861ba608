import { describe, expect, it } from 'vitest';
import { ProgressTracker, type JobProgress } from './progress-tracker.js';

describe('ProgressTracker', () => {
  it('reports done/total, a rate over the recent window and an ETA, throttled', () => {
    let now = 0;
    const seen: JobProgress[] = [];
    const tracker = new ProgressTracker((p) => seen.push(p), 1000, () => now);
    tracker.phase('reading', 100);
    expect(seen).toEqual([{ phase: 'reading', done: 0, total: 100, rate: 0, etaSeconds: null }]);
    for (let i = 0; i < 20; i++) {
      now += 100; // 10 items per second
      tracker.advance();
    }
    // 2 s of work with a 1 s throttle: the phase start plus two throttled reports.
    expect(seen).toHaveLength(3);
    const last = tracker.snapshot;
    expect(last.done).toBe(20);
    expect(last.rate).toBeCloseTo(10, 5);
    expect(last.etaSeconds).toBeCloseTo(8, 5);
  });

  it('follows the current speed, not the average since the start', () => {
    let now = 0;
    const tracker = new ProgressTracker(() => {}, 0, () => now);
    tracker.phase('reading', 1000);
    for (let i = 0; i < 10; i++) {
      now += 1000; // slow: 1/s for 10 s
      tracker.advance();
    }
    for (let i = 0; i < 600; i++) {
      now += 10; // then fast: 100/s for 6 s, longer than the rate window
      tracker.advance();
    }
    expect(tracker.snapshot.rate).toBeCloseTo(100, 0);
  });

  it('always reports a phase change and a flush', () => {
    const seen: string[] = [];
    const tracker = new ProgressTracker((p) => seen.push(`${p.phase}:${p.done}`), 60_000);
    tracker.phase('listing', 1);
    tracker.advance();
    tracker.phase('reading', 2);
    tracker.advance();
    tracker.flush();
    expect(seen).toEqual(['listing:0', 'reading:0', 'reading:1']);
  });
});
