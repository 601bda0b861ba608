import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KindredClient } from '../contract/kindred-client.js';
import { apiErrorOf as errorOf, openScannedService, type ScannedService } from './testing/scanned-service.js';

let scanned: ScannedService;
let client: KindredClient;

beforeAll(async () => {
  scanned = await openScannedService();
  ({ client } = scanned);
}, 120_000);
afterAll(() => scanned.close());

describe('culling.* over a scanned library (two people, three photos each, and others)', () => {
  it("lists one person's frames with the parts of their quality, and every frame without a filter", async () => {
    const [group] = await client.invoke('people.list', { includeHidden: false });
    const shoot = await client.invoke('culling.list', { filter: { personIds: [group!.id] }, sort: 'quality' });
    expect(shoot.frames).toHaveLength(3);
    for (const f of shoot.frames) {
      expect(f.faceId).not.toBeNull();
      expect(f.quality).toMatchObject({ sharpness: expect.any(Number), size: expect.any(Number), pose: expect.any(Number), edge: expect.any(Number) });
    }
    const scores = shoot.frames.map((f) => f.quality!.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect((await client.invoke('culling.list', { filter: {}, sort: 'date' })).frames).toHaveLength(scanned.library.photos.count());
  });

  it('applies decisions and returns the states before (what undo applies); write-back off writes nothing', async () => {
    const { frames } = await client.invoke('culling.list', { filter: {}, sort: 'date' });
    const photoId = frames[0]!.id;
    expect(await client.invoke('culling.apply', { states: [{ photoId, flag: 'pick', rating: 3 }] })).toEqual([{ photoId, flag: null, rating: 0 }]);
    expect((await client.invoke('culling.list', { filter: {}, sort: 'date' })).frames[0]).toMatchObject({ id: photoId, flag: 'pick', rating: 3 });
    expect(await client.invoke('culling.apply', { states: [{ photoId, flag: null, rating: 0 }] })).toEqual([{ photoId, flag: 'pick', rating: 3 }]);
    expect(await client.invoke('culling.writeStatus', {})).toMatchObject({ mode: 'off', pending: 0, written: 0 });
  });

  it('refuses bad input with a clear error', async () => {
    const bad = [
      errorOf(client.invoke('culling.list', { filter: { personIds: ['x'] }, sort: 'quality' } as never)),
      errorOf(client.invoke('culling.list', { filter: { from: 2, to: 1 }, sort: 'quality' })),
      errorOf(client.invoke('culling.list', { filter: { person: 'Ann' }, sort: 'quality' } as never)),
      errorOf(client.invoke('culling.apply', { states: [{ photoId: 1, flag: 'pick', rating: 6 }] })),
      errorOf(client.invoke('culling.apply', { states: [{ photoId: 1, flag: 'maybe', rating: 0 }] } as never)),
      errorOf(client.invoke('culling.apply', { states: [] })),
      errorOf(client.invoke('culling.exportPicks', { filter: {}, how: 'copy', target: 'relative/folder' })),
      errorOf(client.invoke('culling.exportPicks', { filter: {}, how: 'move', target: '/tmp/x' } as never)),
    ];
    for (const error of await Promise.all(bad)) expect(error.code).toBe('invalid_input');
    expect((await errorOf(client.invoke('culling.list', { filter: { from: 2, to: 1 }, sort: 'quality' }))).message).toMatch(/from/);
  });
});
