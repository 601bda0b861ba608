import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '../testing/shared-faces.js';
import { groupBursts } from './burst-grouping.js';
import { lookDistance, lookHash } from './photo-look.js';

/** A frame of a burst made from a photo: cropped a few pixels off, maybe blurred, re-encoded. */
async function frameOf(path: string, shift: number, blur: number): Promise<Buffer> {
  const meta = await sharp(path).metadata();
  let image = sharp(path).extract({ left: 8 + shift, top: 8 - shift, width: meta.width! - 16, height: meta.height! - 16 });
  if (blur > 0) image = image.blur(blur);
  return image.jpeg({ quality: 85 }).toBuffer();
}

describe('look hashes', () => {
  it('frames of one scene (shifted, blurred) look alike; different photos do not', async () => {
    const photos = ['grace_hopper_512x512.jpg', 'astronaut.png', 'coffee.png', 'camera.png'].map((f) => join(fixturesDir, f));
    const hashes = await Promise.all(photos.map(async (p) => [await lookHash(await frameOf(p, 0, 0)), await lookHash(await frameOf(p, 5, 2)), await lookHash(await frameOf(p, -4, 4))]));
    for (const [a, b, c] of hashes) {
      expect(lookDistance(a!, b!)).toBeLessThanOrEqual(10);
      expect(lookDistance(a!, c!)).toBeLessThanOrEqual(12);
    }
    for (let i = 0; i < hashes.length; i++) {
      for (let j = i + 1; j < hashes.length; j++) expect(lookDistance(hashes[i]![0]!, hashes[j]![0]!)).toBeGreaterThan(14);
    }
  });

  it('counts differing bits', () => {
    expect(lookDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(lookDistance('00000000000000f0', '0000000000000010')).toBe(3);
  });
});

describe('groupBursts', () => {
  const same = '0f0f0f0f0f0f0f0f';
  const other = 'f0f0f0f0f0f0f0f0';
  it('joins frames close in time that look alike, in time order, and leaves single frames out', () => {
    const frames = [
      { id: 3, takenAt: 1_400, look: same },
      { id: 1, takenAt: 0, look: same },
      { id: 2, takenAt: 700, look: '0f0f0f0f0f0f0f0e' },
      { id: 4, takenAt: 5_000, look: same }, // too late after 3
      { id: 5, takenAt: 5_500, look: other }, // a different scene
      { id: 6, takenAt: 9_000, look: other },
      { id: 7, takenAt: 10_900, look: other },
      { id: 8, takenAt: 11_000, look: null }, // no thumbnail: never in a burst
      { id: 9, takenAt: null, look: same }, // no date: never in a burst
    ];
    expect(groupBursts(frames)).toEqual([
      [1, 2, 3],
      [6, 7],
    ]);
  });
});
