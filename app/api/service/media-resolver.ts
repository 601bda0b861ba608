/**
 * Finds the file that shows a piece of media the database knows: a photo's thumbnail (rebuilt from the photo if the
 * cache lost it), its preview for the photo viewer, or a face's crop (previews and crops are made from the photo on
 * first request and cached, keyed by content, and for crops by box). The
 * path always comes from the database and the library's cache folders, never from the request.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import type { FaceRepository } from '../../db/face-repository.js';
import type { Library } from '../../db/library.js';
import { DEFAULT_READ_LIMITS } from '../../library/photo-reader.js';
import { ensureThumbnail, thumbnailPath } from '../../library/thumbnail-cache.js';
import type { MediaRef } from '../contract/media-path.js';

/** Longest edge of a preview, in pixels: sharp on a large screen, a fraction of a camera original's size. */
export const PREVIEW_SIZE = 2048;
/** Edge of a face crop, in pixels. */
export const FACE_CROP_SIZE = 192;
/** Context kept around the detected box, as a fraction of its size on each side. */
const FACE_CROP_MARGIN = 0.3;

/** A file to send, or why there is none. */
export type MediaResolution = { found: true; path: string; contentType: string } | { found: false; reason: string };

export class MediaResolver {
  private readonly faces: FaceRepository;
  private readonly faceCropsDir: string;
  private readonly previewsDir: string;
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly library: Library) {
    this.faces = library.faces;
    this.faceCropsDir = join(dirname(library.thumbnailsDir), 'face-crops');
    this.previewsDir = join(dirname(library.thumbnailsDir), 'previews');
  }

  async resolve(ref: MediaRef): Promise<MediaResolution> {
    switch (ref.kind) {
      case 'thumbnail':
        return this.thumbnail(ref.id);
      case 'preview':
        return this.preview(ref.id);
      case 'face':
        return this.faceCrop(ref.id);
    }
  }

  private async preview(photoId: number): Promise<MediaResolution> {
    const photo = this.library.photos.get(photoId);
    if (!photo) return { found: false, reason: 'no such photo' };
    const path = join(this.previewsDir, photo.contentHash.slice(0, 2), `${photo.contentHash}.webp`);
    if (!within(this.previewsDir, path)) return { found: false, reason: 'not in the preview cache' };
    return this.cachedRendition(photoId, path, 'the photo could not be read to make its preview', (image) =>
      image
        .rotate() // shown as displayed, so the face boxes (displayed pixels) line up
        .resize(PREVIEW_SIZE, PREVIEW_SIZE, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 85 }),
    );
  }

  private async thumbnail(photoId: number): Promise<MediaResolution> {
    const photo = this.library.photos.get(photoId);
    if (!photo) return { found: false, reason: 'no such photo' };
    const path = thumbnailPath(this.library.thumbnailsDir, photo.contentHash);
    if (!within(this.library.thumbnailsDir, path)) return { found: false, reason: 'not in the thumbnail cache' };
    if (!existsSync(path)) {
      const source = this.library.photos.pathOf(photoId);
      if (!source) return { found: false, reason: 'thumbnail missing and no readable file to rebuild it' };
      try {
        await this.once(path, async () => {
          await ensureThumbnail(sharp(await readFile(source), { limitInputPixels: DEFAULT_READ_LIMITS.maxPixels }), this.library.thumbnailsDir, photo.contentHash);
        });
      } catch {
        return { found: false, reason: 'the photo could not be read to rebuild its thumbnail' };
      }
    }
    return { found: true, path, contentType: 'image/webp' };
  }

  private async faceCrop(faceId: number): Promise<MediaResolution> {
    const face = this.faces.get(faceId);
    if (!face) return { found: false, reason: 'no such face' };
    const photo = this.library.photos.get(face.photoId);
    if (!photo) return { found: false, reason: 'no such photo' };
    const region = cropRegion(face.box, photo.width, photo.height);
    const key = `${photo.contentHash}-${region.left}-${region.top}-${region.width}-${region.height}`;
    const path = join(this.faceCropsDir, photo.contentHash.slice(0, 2), `${key}.webp`);
    if (!within(this.faceCropsDir, path)) return { found: false, reason: 'not in the face cache' };
    return this.cachedRendition(photo.id, path, 'the photo could not be read to cut the face out', (image) =>
      image
        .rotate() // boxes are in displayed (EXIF-oriented) pixels
        .extract(region)
        .resize(FACE_CROP_SIZE, FACE_CROP_SIZE, { fit: 'cover' })
        .webp({ quality: 82 }),
    );
  }

  /** A WebP made from the photo on first request and cached at `path` (written whole, once per concurrent burst). */
  private async cachedRendition(photoId: number, path: string, unreadable: string, render: (image: Sharp) => Sharp): Promise<MediaResolution> {
    if (existsSync(path)) return { found: true, path, contentType: 'image/webp' };
    const source = this.library.photos.pathOf(photoId);
    if (!source) return { found: false, reason: 'every file of the photo is missing' };
    try {
      await this.once(path, async () => {
        const data = await render(sharp(await readFile(source), { limitInputPixels: DEFAULT_READ_LIMITS.maxPixels })).toBuffer();
        await writeAtomically(path, data);
      });
    } catch {
      return { found: false, reason: unreadable };
    }
    return { found: true, path, contentType: 'image/webp' };
  }

  /** Runs `work` once per target even when several requests for it arrive together. */
  private async once(target: string, work: () => Promise<void>): Promise<void> {
    let pending = this.inFlight.get(target);
    if (!pending) {
      pending = work().finally(() => this.inFlight.delete(target));
      this.inFlight.set(target, pending);
    }
    await pending;
  }
}

/** The square around a face box with some context, clamped to the image, in whole pixels. */
export function cropRegion(
  box: { x: number; y: number; width: number; height: number },
  imageWidth: number,
  imageHeight: number,
): { left: number; top: number; width: number; height: number } {
  const side = Math.max(box.width, box.height) * (1 + 2 * FACE_CROP_MARGIN);
  const size = Math.max(1, Math.min(Math.round(side), imageWidth, imageHeight));
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const left = Math.min(Math.max(0, Math.round(cx - size / 2)), imageWidth - size);
  const top = Math.min(Math.max(0, Math.round(cy - size / 2)), imageHeight - size);
  return { left, top, width: size, height: size };
}

/** Writes a cache file so that a reader never sees half of it. */
async function writeAtomically(path: string, data: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, data);
  await rename(temp, path);
}

function within(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
