// Photo sets at the sizes users have, generated once into the temp folder (never committed): the group photos of
// ../shared/faces resampled to phone (3 MP) and camera (12, 24 MP) sizes, each copy a distinct JPEG (its own sensor-
// like noise, so its pixels and file differ), and the small portraits as they are. Without ../shared, the public
// fixtures stand in for the group photos.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { fixturesDir, sharedFacesDir } from '../app/testing/shared-faces.js';
import { mulberry32 } from '../app/shared/seeded-random.js';

export interface PhotoSet {
  /** 'portraits', '3 MP', '12 MP', '24 MP'. */
  label: string;
  dir: string;
  paths: string[];
  /** Where the pixels came from. */
  source: string;
}

export function listImages(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return listImages(path);
      return /\.(jpe?g|png)$/i.test(name) ? [path] : [];
    });
}

/** The photos the sized sets are made from, and the small portraits. */
function sources(): { groups: string[]; portraits: string[]; label: string } {
  if (sharedFacesDir) {
    return { groups: listImages(join(sharedFacesDir, 'groups')), portraits: listImages(join(sharedFacesDir, 'celeb5')), label: '../shared/faces groups' };
  }
  const fixtures = listImages(fixturesDir).filter((p) => !p.includes('truncated'));
  return { groups: fixtures, portraits: fixtures, label: 'public fixtures (../shared absent)' };
}

/**
 * `copies` distinct JPEGs of every group photo resampled to about `megapixels`: Lanczos resampling, then ±3 levels
 * of seeded noise per pixel (camera-like, and it makes each copy's pixels its own), quality 90.
 */
async function writeSizedSet(dir: string, groups: readonly string[], megapixels: number, copies: number, limit = Infinity): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let seed = Math.round(megapixels * 1000);
  for (const [index, source] of groups.entries()) {
    const meta = await sharp(source).rotate().metadata();
    const swapped = (meta.orientation ?? 1) >= 5;
    const w0 = (swapped ? meta.height : meta.width) ?? 1;
    const h0 = (swapped ? meta.width : meta.height) ?? 1;
    const factor = Math.sqrt((megapixels * 1e6) / (w0 * h0));
    const width = Math.round(w0 * factor);
    const height = Math.round(h0 * factor);
    const { data } = await sharp(source).rotate().removeAlpha().toColourspace('srgb').resize(width, height, { fit: 'fill', kernel: 'lanczos3' }).raw().toBuffer({ resolveWithObject: true });
    const name = source.split('/').slice(-2).join('-').replace(/\.\w+$/, '');
    // Named copy first: the scan (in name order) goes through every group photo before the next copy of any.
    for (let copy = 0; copy < copies && copy * groups.length + index < limit; copy++) {
      const random = mulberry32(++seed);
      const noisy = Buffer.from(data);
      for (let i = 0; i < noisy.length; i++) noisy[i] = Math.max(0, Math.min(255, noisy[i]! + Math.floor(random() * 7) - 3));
      await sharp(noisy, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toFile(join(dir, `c${String(copy).padStart(3, '0')}-${name}.jpg`));
    }
  }
  writeFileSync(join(dir, '.complete'), '');
}

/** Photos per sized set: `copies` per group photo. */
export interface SetSizes {
  megapixels: number;
  copies: number;
}

export const DEFAULT_SET_SIZES: readonly SetSizes[] = [
  { megapixels: 3, copies: 3 },
  { megapixels: 12, copies: 2 },
  { megapixels: 24, copies: 1 },
];

/** The portraits and one set per size (generated the first time, then reused from the temp folder). */
export async function benchPhotoSets(sizes: readonly SetSizes[] = DEFAULT_SET_SIZES): Promise<PhotoSet[]> {
  const { groups, portraits, label } = sources();
  const root = join(tmpdir(), 'kindred-bench-photos', sharedFacesDir ? 'shared' : 'fixtures');
  const portraitsDir = sharedFacesDir ? join(sharedFacesDir, 'celeb5') : join(root, 'portraits');
  if (!sharedFacesDir) {
    mkdirSync(portraitsDir, { recursive: true });
    for (const p of portraits) copyFileSync(p, join(portraitsDir, basename(p)));
  }
  const sets: PhotoSet[] = [{ label: 'portraits', dir: portraitsDir, paths: listImages(portraitsDir), source: sharedFacesDir ? '../shared/faces celeb5' : label }];
  for (const { megapixels, copies } of sizes) {
    const dir = join(root, `${megapixels}mp-x${copies}`);
    if (!existsSync(join(dir, '.complete'))) await writeSizedSet(dir, groups, megapixels, copies);
    sets.push({ label: `${megapixels} MP`, dir, paths: listImages(dir), source: label });
  }
  return sets;
}

/**
 * A long run for the linearity check: `count` distinct photos at about `megapixels`, cycling over the group photos
 * (copies differ in noise, so every file is a new photo to the scan).
 */
export async function linearitySet(count: number, megapixels: number): Promise<PhotoSet> {
  const { groups, label } = sources();
  const dir = join(tmpdir(), 'kindred-bench-photos', sharedFacesDir ? 'shared' : 'fixtures', `${megapixels}mp-n${count}`);
  if (!existsSync(join(dir, '.complete'))) await writeSizedSet(dir, groups, megapixels, Math.ceil(count / groups.length), count);
  return { label: `${count} × ${megapixels} MP`, dir, paths: listImages(dir), source: label };
}
