import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Sharp } from 'sharp';

let tempCounter = 0;

/** Longest edge of a library thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 320;

/** Where the thumbnail of a content hash lives: `<dir>/<first two hex digits>/<hash>.webp`. */
export function thumbnailPath(thumbnailsDir: string, contentHash: string): string {
  return join(thumbnailsDir, contentHash.slice(0, 2), `${contentHash}.webp`);
}

/**
 * Writes the thumbnail of a decoded-able image unless the cache already has it (thumbnails are keyed by content,
 * so copies and moves share one). Decoding the whole image here is also what proves a file is not corrupt.
 */
export async function ensureThumbnail(image: Sharp, thumbnailsDir: string, contentHash: string): Promise<string> {
  const path = thumbnailPath(thumbnailsDir, contentHash);
  if (existsSync(path)) return path;
  const data = await image
    .rotate()
    .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 78 })
    .toBuffer();
  await mkdir(join(thumbnailsDir, contentHash.slice(0, 2)), { recursive: true });
  // Unique per call: two copies of one photo read at once must not share a temporary file.
  const temp = `${path}.${process.pid}.${++tempCounter}.tmp`;
  await writeFile(temp, data);
  await rename(temp, path); // atomic: a crash never leaves a half-written thumbnail under the real name
  return path;
}
