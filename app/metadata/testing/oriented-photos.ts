import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import sharp from 'sharp';
import type { FaceBox } from '../../db/face-repository.js';

/** A coloured mark painted into the stored pixels, in stored-pixel coordinates. */
export interface Mark {
  x: number;
  y: number;
  width: number;
  height: number;
  colour: 'red' | 'green' | 'blue';
}

const CHANNEL = { red: 0, green: 1, blue: 2 } as const;

/**
 * Writes a JPEG whose stored pixels are dark grey with bright coloured rectangles at known stored positions, and
 * whose EXIF orientation is `orientation` (sharp `.withMetadata`).
 */
export async function writeOrientedJpeg(
  path: string,
  options: { width: number; height: number; orientation: number; marks: Mark[]; seed?: number },
): Promise<void> {
  const { width, height } = options;
  const pixels = Buffer.alloc(width * height * 3, 40 + ((options.seed ?? 0) % 20));
  for (const mark of options.marks) {
    for (let y = mark.y; y < mark.y + mark.height; y++) {
      for (let x = mark.x; x < mark.x + mark.width; x++) pixels[(y * width + x) * 3 + CHANNEL[mark.colour]] = 255;
    }
  }
  const jpeg = await sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 100, chromaSubsampling: '4:4:4' })
    .withMetadata({ orientation: options.orientation })
    .toBuffer();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, jpeg);
}

/**
 * Where a mark of `colour` appears in the displayed image, found by decoding the file with sharp's EXIF
 * auto-rotation (libvips): ground truth that does not depend on Kindred's orientation code.
 */
export async function findMark(path: string, colour: Mark['colour']): Promise<FaceBox & { imageWidth: number; imageHeight: number }> {
  const { data, info } = await sharp(path).rotate().raw().toBuffer({ resolveWithObject: true });
  const c = CHANNEL[colour];
  let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      const i = (y * info.width + x) * info.channels;
      const others = [0, 1, 2].filter((k) => k !== c).every((k) => data[i + k]! < 128);
      if (data[i + c]! >= 160 && others) {
        x1 = Math.min(x1, x);
        y1 = Math.min(y1, y);
        x2 = Math.max(x2, x + 1);
        y2 = Math.max(y2, y + 1);
      }
    }
  }
  if (!Number.isFinite(x1)) throw new Error(`no ${colour} mark in ${path}`);
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1, imageWidth: info.width, imageHeight: info.height };
}
