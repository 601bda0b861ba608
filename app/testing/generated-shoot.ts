/**
 * A generated shoot for the culling tests: each source photo becomes a burst of frames a third of a second apart,
 * each frame shifted by a few pixels and blurred by a known amount (one frame sharp), in a shuffled order so that the
 * sharpest frame is not always the first one shot. Bursts are a minute apart. EXIF DateTimeOriginal and
 * SubSecTimeOriginal are written as a camera would.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { mulberry32, randomInt } from '../shared/seeded-random.js';

/** Gaussian blur sigmas (source pixels) of a burst's frames; 0 is the sharp frame. */
export const SHOOT_BLURS = [0, 1.5, 3, 5] as const;

export interface GeneratedFrame {
  path: string;
  burst: number;
  /** Position in shooting order within the burst. */
  index: number;
  blur: number;
  shift: [number, number];
}

export interface GeneratedShoot {
  frames: GeneratedFrame[];
  /** Per burst, its frames in shooting order. */
  bursts: GeneratedFrame[][];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Writes the shoot into `dir` from `sources` (one burst per source), deterministically for a seed. */
export async function writeGeneratedShoot(
  dir: string,
  sources: readonly string[],
  options: { seed?: number; blurs?: readonly number[]; /** Sources larger than this are shrunk first (faster scans). */ maxSide?: number } = {},
): Promise<GeneratedShoot> {
  const { seed = 17, blurs = SHOOT_BLURS, maxSide = 4096 } = options;
  mkdirSync(dir, { recursive: true });
  const random = mulberry32(seed);
  const bursts: GeneratedFrame[][] = [];
  for (const [b, source] of sources.entries()) {
    const base = await sharp(source).rotate().resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 95 }).toBuffer();
    const meta = await sharp(base).metadata();
    const margin = 6;
    const order = [...blurs];
    for (let i = order.length - 1; i > 0; i--) {
      const j = randomInt(random, i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const frames: GeneratedFrame[] = [];
    for (const [index, blur] of order.entries()) {
      const shift: [number, number] = [randomInt(random, 2 * margin + 1) - margin, randomInt(random, 2 * margin + 1) - margin];
      let image = sharp(base).extract({
        left: margin + shift[0],
        top: margin + shift[1],
        width: meta.width! - 2 * margin,
        height: meta.height! - 2 * margin,
      });
      if (blur > 0) image = image.blur(blur);
      // 2024-06-01 14:00:00, a minute per burst, a third of a second per frame.
      const ms = index * 333;
      const second = Math.floor(ms / 1000);
      const taken = `2024:06:01 14:${pad(b)}:${pad(second)}`;
      const path = join(dir, `IMG_${pad(b + 1, 3)}${index + 1}.jpg`);
      await image
        .jpeg({ quality: 92 })
        .withExif({ IFD0: { Make: 'Kindred', Model: 'Generated shoot' }, IFD2: { DateTimeOriginal: taken, SubSecTimeOriginal: pad(ms % 1000, 3) } })
        .toFile(path);
      frames.push({ path, burst: b, index, blur, shift });
    }
    bursts.push(frames);
  }
  return { frames: bursts.flat(), bursts };
}
