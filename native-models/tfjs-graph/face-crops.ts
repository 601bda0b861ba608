/**
 * Test support: rough square face crops of real photos, resized to MobileFaceNet's 112×112 and
 * normalised as it was trained, (pixel − 127.5) / 128, RGB, NHWC.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { MOBILEFACENET_NORMALISATION, MOBILEFACENET_SIZE } from './mobilefacenet.js';

/** A square region of an image, in pixels. */
export interface SquareBox {
  left: number;
  top: number;
  size: number;
}

/** One 112×112×3 crop, normalised. */
export async function faceCrop(path: string, box?: SquareBox): Promise<Float32Array> {
  let img = sharp(path).rotate();
  if (box) img = img.extract({ left: box.left, top: box.top, width: box.size, height: box.size });
  const { data } = await img
    .resize(MOBILEFACENET_SIZE, MOBILEFACENET_SIZE, { fit: 'cover', position: 'centre' })
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (data.length !== MOBILEFACENET_SIZE * MOBILEFACENET_SIZE * 3) throw new Error(`${path}: expected RGB pixels, got ${data.length} bytes`);
  const { mean, scale } = MOBILEFACENET_NORMALISATION;
  return Float32Array.from(data, (v) => (v - mean) * scale);
}

/** The first `perPerson` images of each identity folder of a labelled set, sorted by name. */
export async function labelledImages(setDir: string, perPerson: number): Promise<string[]> {
  const people = (await readdir(setDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const paths: string[] = [];
  for (const p of people) {
    const files = (await readdir(join(setDir, p))).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();
    paths.push(...files.slice(0, perPerson).map((f) => join(setDir, p, f)));
  }
  return paths;
}

/** Stacks equal-length crops into one NHWC batch. */
export function batch(crops: Float32Array[]): { shape: number[]; data: Float32Array } {
  const data = new Float32Array(crops.reduce((n, c) => n + c.length, 0));
  crops.forEach((c, i) => data.set(c, i * c.length));
  return { shape: [crops.length, MOBILEFACENET_SIZE, MOBILEFACENET_SIZE, 3], data };
}
