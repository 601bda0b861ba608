import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaceRepository } from '../app/db/face-repository.js';
import { createMediaProtocolHandler, mediaRefFromUrl } from './media-protocol.js';
import { scannedLibrary, type ScannedLibrary } from './testing/scanned-library.js';

let lib: ScannedLibrary;
let handle: ReturnType<typeof createMediaProtocolHandler>;
let faceId: number;

beforeAll(async () => {
  lib = await scannedLibrary();
  handle = createMediaProtocolHandler({ resolve: (ref) => lib.service.resolveMedia(ref) });
  faceId = new FaceRepository(lib.library.db).insert(lib.photoIds[0]!, {
    source: 'manual', detectorId: null, box: { x: 100, y: 100, width: 120, height: 140 }, landmarks: null,
    detectorScore: null, quality: null, lowQuality: false,
  });
});
afterAll(async () => {
  await lib.close();
});

describe('kindred-media: protocol (Electron mocked: binary not available here)', () => {
  it('maps only exact media URLs to a database id', () => {
    expect(mediaRefFromUrl('kindred-media://media/thumbnail/12')).toEqual({ kind: 'thumbnail', id: 12 });
    expect(mediaRefFromUrl('kindred-media://media/face/7')).toEqual({ kind: 'face', id: 7 });
    for (const url of [
      'kindred-media://media/thumbnail/../../etc/passwd',
      'kindred-media://media/../kindred.db',
      'kindred-media://media/thumbnail/%2e%2e%2fkindred.db',
      'kindred-media://media/thumbnail/1?path=/etc/passwd',
      'kindred-media://media/thumbnail/1#x',
      'kindred-media://media/thumbnail/01',
      'kindred-media://media/thumbnail/0',
      'kindred-media://media/original/1',
      'kindred-media://other/thumbnail/1',
      'kindred-media://media/thumbnail//etc/passwd',
      'file:///etc/passwd',
      'kindred-media://media/thumbnail/1/',
    ]) {
      expect(mediaRefFromUrl(url), url).toBeNull();
    }
  });

  it('serves a known photo\'s thumbnail and a known face\'s crop, with the CSP', async () => {
    const thumbnail = await handle({ url: `kindred-media://media/thumbnail/${lib.photoIds[0]}` });
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');
    expect(thumbnail.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()).format).toBe('webp');

    const face = await handle({ url: `kindred-media://media/face/${faceId}` });
    expect(face.status).toBe(200);
    expect((await sharp(Buffer.from(await face.arrayBuffer())).metadata()).width).toBe(192);
  });

  it('refuses traversal, unknown ids and other methods with a 404/405 and no file', async () => {
    for (const url of [
      'kindred-media://media/thumbnail/999999',
      `kindred-media://media/face/${faceId + 1000}`,
      'kindred-media://media/../../package.json',
      'kindred-media://media/thumbnail/..%2F..%2Fdata%2Fkindred.db',
      `kindred-media://media/thumbnail/${lib.photoIds[0]}/../../../package.json`,
    ]) {
      const response = await handle({ url });
      expect(response.status, url).toBe(404);
      expect(await response.text()).toBe('Not found');
    }
    expect((await handle({ url: `kindred-media://media/thumbnail/${lib.photoIds[0]}`, method: 'POST' })).status).toBe(405);
  });

  it('answers 404 when the core does not', async () => {
    const broken = createMediaProtocolHandler({ resolve: () => Promise.reject(new Error('core gone')) });
    expect((await broken({ url: 'kindred-media://media/thumbnail/1' })).status).toBe(404);
  });
});
