import { describe, expect, it, vi } from 'vitest';
import type { CullStateDto, ShootFrameDto } from '../../../app/api/contract/culling-contract.js';
import { createKindredClient } from '../../../app/api/contract/kindred-client.js';
import { EMPTY_QUERY } from '../lib/shoot-query.js';
import { CullState } from './cull-state.svelte.js';

const frame = (id: number, burst: ShootFrameDto['burst'] = null): ShootFrameDto => ({
  id,
  width: 600,
  height: 400,
  takenAt: id * 1000,
  available: true,
  flag: null,
  rating: 0,
  faceId: null,
  quality: null,
  burst,
});

/** A core in memory behind the real client: the shoot it serves, the states applied, a switch to refuse them. */
function fakeCore(frames: ShootFrameDto[]) {
  const applied: CullStateDto[][] = [];
  const listeners = new Map<string, (payload: unknown) => void>();
  let refuse = false;
  const client = createKindredClient({
    async invoke(method, input) {
      if (method === 'culling.list') return { ok: true, value: { frames: structuredClone(frames), bursts: 1, total: frames.length } };
      if (method === 'culling.apply') {
        if (refuse) return { ok: false, error: { code: 'conflict', message: 'the library is read-only' } };
        applied.push((input as { states: CullStateDto[] }).states);
        return { ok: true, value: [] };
      }
      if (method === 'culling.writeStatus') return { ok: true, value: { mode: 'off', pending: 0, written: 0, failed: 0, lastError: null } };
      return { ok: true, value: [] };
    },
    on(event, listener) {
      listeners.set(event, listener as (payload: unknown) => void);
      return () => listeners.delete(event);
    },
    mediaUrl: () => '',
  });
  return { client, applied, frames, refuse: () => (refuse = true), emit: (event: string, payload: unknown) => listeners.get(event)?.(payload) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the culling state', () => {
  const shoot = [frame(1), frame(2, { id: 2, size: 3, position: 0 }), frame(3, { id: 2, size: 3, position: 1 }), frame(4, { id: 2, size: 3, position: 2 }), frame(5)];

  it('shows burst tops only until a burst is opened in place, the cursor staying on its frame', async () => {
    const cull = new CullState(fakeCore(shoot).client);
    await cull.show(EMPTY_QUERY);
    expect(cull.visible.map((f) => f.id)).toEqual([1, 2, 5]);
    cull.move(1);
    cull.toggleBurst();
    expect(cull.visible.map((f) => f.id)).toEqual([1, 2, 3, 4, 5]);
    expect(cull.current?.id).toBe(2);
    cull.move(2);
    cull.toggleBurst(); // closed from inside: lands on the top
    expect(cull.visible.map((f) => f.id)).toEqual([1, 2, 5]);
    expect(cull.current?.id).toBe(2);
  });

  it('shows a decision at once, sends it, and undoes the last one first', async () => {
    const core = fakeCore(shoot);
    const cull = new CullState(core.client);
    await cull.show(EMPTY_QUERY);
    cull.decide({ flag: 'pick' });
    expect(cull.decisionOf(1)).toEqual({ flag: 'pick', rating: 0 });
    cull.move(1);
    cull.decide({ rating: 4 });
    cull.decide({ rating: 4 }); // no change: nothing sent, nothing to undo
    expect(cull.picks).toBe(1);
    await settle();
    expect(core.applied).toEqual([[{ photoId: 1, flag: 'pick', rating: 0 }], [{ photoId: 2, flag: null, rating: 4 }]]);
    cull.undo();
    expect(cull.decisionOf(2)).toEqual({ flag: null, rating: 0 });
    cull.undo();
    expect(cull.decisionOf(1)).toEqual({ flag: null, rating: 0 });
    expect(cull.current?.id).toBe(1);
    expect(cull.canUndo).toBe(false);
    await settle();
    expect(core.applied.slice(2)).toEqual([[{ photoId: 2, flag: null, rating: 0 }], [{ photoId: 1, flag: null, rating: 0 }]]);
  });

  it('puts a refused decision back and says why', async () => {
    const core = fakeCore(shoot);
    const cull = new CullState(core.client);
    await cull.show(EMPTY_QUERY);
    core.refuse();
    cull.decide({ flag: 'reject' });
    expect(cull.decisionOf(1).flag).toBe('reject');
    await settle();
    expect(cull.decisionOf(1).flag).toBeNull();
    expect(cull.error).toBe('the library is read-only');
  });

  it('follows the library: new photos of the shoot show (the count updates live)', async () => {
    vi.useFakeTimers();
    try {
      const core = fakeCore([frame(1)]);
      const cull = new CullState(core.client);
      const stop = cull.connect();
      await cull.show(EMPTY_QUERY);
      expect(cull.frames).toHaveLength(1);
      core.frames.push(frame(2));
      core.emit('library.changed', { changes: ['photos'] });
      await vi.advanceTimersByTimeAsync(1000);
      expect(cull.frames.map((f) => f.id)).toEqual([1, 2]);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
