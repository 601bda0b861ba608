import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import sharp, { type Metadata } from 'sharp';
import type { PhotoFacts } from '../db/photo-repository.js';
import { readExifFacts } from './exif-facts.js';
import { pixelIdentity } from './pixel-identity.js';
import { describeFsError } from './folder-walker.js';
import { DECODABLE_FORMATS, isHeicPath } from './supported-formats.js';
import { ensureThumbnail } from './thumbnail-cache.js';
import { StageTimings } from '../shared/stage-timings.js';

/** Limits that protect the scan from hostile or absurd files. */
export interface ReadLimits {
  /** Images above this many pixels are refused before decoding (decompression bombs). */
  maxPixels: number;
  /** Files above this many bytes are refused before reading. */
  maxBytes: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = { maxPixels: 250_000_000, maxBytes: 512 * 1024 * 1024 };

/** The outcome of reading one file: its facts, or why it could not be catalogued. */
export type ReadOutcome =
  | { kind: 'ok'; facts: PhotoFacts; size: number; mtimeMs: number }
  | { kind: 'error' | 'unsupported' | 'missing'; reason: string };

/**
 * Reads one photo file: content hash, pixel identity, dimensions, orientation, EXIF date and camera, and its thumbnail. Never
 * throws for a bad file: every failure comes back as a readable reason. `timings` receives the thumbnail's milliseconds.
 */
export async function readPhotoFile(
  path: string,
  thumbnailsDir: string,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
  timings = new StageTimings(),
): Promise<ReadOutcome> {
  let buffer: Buffer;
  let size: number;
  let mtimeMs: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return { kind: 'error', reason: 'not a regular file' };
    if (info.size === 0) return { kind: 'error', reason: 'empty file (0 bytes)' };
    if (info.size > limits.maxBytes) {
      return { kind: 'error', reason: `file is ${megabytes(info.size)}, above the ${megabytes(limits.maxBytes)} limit` };
    }
    buffer = await readFile(path);
    size = info.size;
    mtimeMs = info.mtimeMs;
  } catch (error) {
    const reason = describeFsError(error);
    return { kind: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'error', reason };
  }

  let metadata: Metadata;
  try {
    metadata = await sharp(buffer, { limitInputPixels: false }).metadata();
  } catch (error) {
    if (isHeicPath(path)) return { kind: 'unsupported', reason: 'unsupported: HEIC (no HEVC decoder on this platform)' };
    return { kind: 'error', reason: `not a readable image: ${firstLine(error)}` };
  }
  const format = metadata.format ?? 'unknown';
  if (!DECODABLE_FORMATS.has(format)) return { kind: 'unsupported', reason: `unsupported: ${format} images` };
  if (format === 'heif' && metadata.compression === 'hevc') {
    return { kind: 'unsupported', reason: 'unsupported: HEIC (no HEVC decoder on this platform)' };
  }
  const width = metadata.width ?? 0;
  const height = metadata.height ?? 0;
  if (width <= 0 || height <= 0) return { kind: 'error', reason: 'image has no dimensions' };
  if (width * height > limits.maxPixels) {
    return {
      kind: 'error',
      reason: `image is ${width}×${height} (${Math.round((width * height) / 1e6)} MP), above the ${Math.round(limits.maxPixels / 1e6)} MP limit`,
    };
  }

  const contentHash = createHash('sha256').update(buffer).digest('hex');
  const orientation = metadata.orientation ?? 1;
  let pixelHash: string;
  try {
    pixelHash = await pixelIdentity(buffer, format, orientation, limits.maxPixels);
  } catch (error) {
    return { kind: 'error', reason: `corrupt or truncated image: ${firstLine(error)}` };
  }
  try {
    const thumbnail = sharp(buffer, { limitInputPixels: limits.maxPixels, failOn: 'truncated' });
    await timings.time('thumbnails', () => ensureThumbnail(thumbnail, thumbnailsDir, contentHash));
  } catch (error) {
    return { kind: 'error', reason: `corrupt or truncated image: ${firstLine(error)}` };
  }

  const swapped = orientation >= 5 && orientation <= 8;
  const exif = await readExifFacts(buffer);
  return {
    kind: 'ok',
    size,
    mtimeMs,
    facts: {
      contentHash,
      pixelHash,
      format,
      width: swapped ? height : width,
      height: swapped ? width : height,
      orientation,
      takenAt: exif.takenAt,
      camera: exif.camera,
    },
  };
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.replace(/^Input (buffer|file) (has corrupt header|contains unsupported image format): ?/, '').trim() || message;
}
