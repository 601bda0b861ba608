import { describe, expect, it } from 'vitest';
import { createQuitGuard } from './quit-guard.js';

describe('graceful quit (Electron mocked: binary not available here)', () => {
  it('holds the first quit until the core has shut down, then lets the next one through', async () => {
    const steps: string[] = [];
    let finish!: () => void;
    const guard = createQuitGuard(
      () => new Promise<void>((resolve) => (finish = () => (steps.push('core closed'), resolve()))),
      () => steps.push('quit'),
    );
    const event = () => {
      const e = { prevented: false, preventDefault: () => (e.prevented = true) };
      return e;
    };
    const first = event();
    guard(first);
    expect(first.prevented).toBe(true);
    const impatient = event();
    guard(impatient); // a second Cmd-Q while the core closes
    expect(impatient.prevented).toBe(true);
    expect(steps).toEqual([]);
    finish();
    await new Promise((r) => setTimeout(r, 0));
    expect(steps).toEqual(['core closed', 'quit']);
    const last = event();
    guard(last);
    expect(last.prevented).toBe(false);
  });

  it('quits even when the shutdown fails', async () => {
    let quit = false;
    const guard = createQuitGuard(() => Promise.reject(new Error('boom')), () => (quit = true));
    guard({ preventDefault: () => {} });
    await new Promise((r) => setTimeout(r, 0));
    expect(quit).toBe(true);
  });
});
