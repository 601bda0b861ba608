import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '../testing/shared-faces.js';
import { cropRgbImage, decodeRgbImage, resizeRgbImage } from './rgb-image.js';

describe('decodeRgbImage', () => {
  it('expands grayscale to three equal channels', async () => {
    const image = await decodeRgbImage(join(fixturesDir, 'camera.png'));
    expect([image.width, image.height, image.data.length]).toEqual([512, 512, 512 * 512 * 3]);
    for (let i = 0; i < image.data.length; i += 3 * 997) {
      expect(image.data[i]).toBe(image.data[i + 1]);
      expect(image.data[i]).toBe(image.data[i + 2]);
    }
  });

  it('decodes colour photos and rejects truncated files', async () => {
    const image = await decodeRgbImage(join(fixturesDir, 'coffee.png'));
    expect([image.width, image.height]).toEqual([600, 400]);
    await expect(decodeRgbImage(join(fixturesDir, 'truncated.jpg'))).rejects.toThrow();
  });
});

describe('resizeRgbImage and cropRgbImage', () => {
  it('resizes to the exact size and averages when shrinking', async () => {
    const image = { data: new Uint8Array(8 * 8 * 3), width: 8, height: 8 };
    for (let i = 0; i < 64; i++) image.data.fill((i % 2) * 200, i * 3, i * 3 + 3); // vertical stripes 0/200
    const small = await resizeRgbImage(image, 2, 3);
    expect([small.width, small.height, small.data.length]).toEqual([2, 3, 18]);
    for (const v of small.data) expect(Math.abs(v - 100)).toBeLessThan(30);
    expect(await resizeRgbImage(image, 8, 8)).toBe(image);
  });

  it('crops with clamping to the image', () => {
    const image = { data: new Uint8Array(4 * 4 * 3), width: 4, height: 4 };
    for (let i = 0; i < 16; i++) image.data[i * 3] = i;
    const crop = cropRgbImage(image, 2, 1, 5, 2);
    expect([crop.width, crop.height]).toEqual([2, 2]);
    expect([crop.data[0], crop.data[3], crop.data[6], crop.data[9]]).toEqual([6, 7, 10, 11]);
  });
});
