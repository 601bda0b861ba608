import { describe, expect, it } from 'vitest';
import { StageTimings } from './stage-timings.js';

describe('StageTimings', () => {
  it('sums milliseconds per stage, from timed work, single additions and another set of totals', async () => {
    const timings = new StageTimings();
    timings.add('decode', 5);
    timings.add('decode', 7);
    timings.addAll({ detection: 3, decode: 1 });
    const value = await timings.time('embedding', async () => 'done');
    expect(value).toBe('done');
    expect(timings.timeSync('database', () => 42)).toBe(42);
    const totals = timings.snapshot();
    expect(totals['decode']).toBe(13);
    expect(totals['detection']).toBe(3);
    expect(totals['embedding']).toBeGreaterThanOrEqual(0);
    expect(Object.keys(totals).sort()).toEqual(['database', 'decode', 'detection', 'embedding']);
  });

  it('charges the time of work that fails, and lets the error through', async () => {
    const timings = new StageTimings();
    await expect(timings.time('decode', () => Promise.reject(new Error('corrupt')))).rejects.toThrow('corrupt');
    expect(timings.snapshot()['decode']).toBeGreaterThanOrEqual(0);
  });
});
