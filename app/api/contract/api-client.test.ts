import { describe, expect, expectTypeOf, it } from 'vitest';
import { ApiError } from './api-error.js';
import type { PhotoSummaryDto } from './photos-contract.js';
import { createKindredClient } from './kindred-client.js';
import type { Settings } from '../../settings/settings-schema.js';

describe('the typed client', () => {
  it('carries the contract\'s types: inputs checked, outputs known, events typed', () => {
    const client = createKindredClient({ invoke: async () => ({ ok: true, value: null }), on: () => () => {}, mediaUrl: () => '' });
    expectTypeOf(client.invoke<'photos.list'>).returns.resolves.toEqualTypeOf<{ total: number; offset: number; items: PhotoSummaryDto[] }>();
    expectTypeOf(client.invoke<'settings.set'>).returns.resolves.toEqualTypeOf<Settings>();
    // @ts-expect-error photos.get needs its input
    void client.invoke('photos.get').catch(() => {});
    // @ts-expect-error not a method of the contract
    void client.invoke('photos.delete', {}).catch(() => {});
    // @ts-expect-error wrong input type
    void client.invoke('photos.get', { photoId: '1' }).catch(() => {});
    client.on('job.progress', (job) => expectTypeOf(job.progress.etaSeconds).toEqualTypeOf<number | null>());
  });

  it('throws typed ApiErrors for failed calls, unreachable transports and garbled replies', async () => {
    const failing = createKindredClient({
      invoke: async () => ({ ok: false, error: { code: 'not_found', message: 'No photo with id 3' } }),
      on: () => () => {},
      mediaUrl: () => '',
    });
    await expect(failing.invoke('photos.get', { photoId: 3 })).rejects.toMatchObject({ name: 'ApiError', code: 'not_found', message: 'No photo with id 3' });
    const down = createKindredClient({ invoke: () => Promise.reject(new Error('ECONNREFUSED')), on: () => () => {}, mediaUrl: () => '' });
    await expect(down.invoke('library.status')).rejects.toBeInstanceOf(ApiError);
    await expect(down.invoke('library.status')).rejects.toMatchObject({ code: 'unavailable' });
    const garbled = createKindredClient({ invoke: async () => 'hello' as never, on: () => () => {}, mediaUrl: () => '' });
    await expect(garbled.invoke('library.status')).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('sends {} for methods called without input', async () => {
    const sent: unknown[] = [];
    const client = createKindredClient({ invoke: async (m, i) => (sent.push([m, i]), { ok: true, value: [] }), on: () => () => {}, mediaUrl: () => '' });
    await client.invoke('library.folders.list');
    expect(sent).toEqual([['library.folders.list', {}]]);
  });
});
