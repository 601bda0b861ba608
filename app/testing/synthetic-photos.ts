import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

export interface SyntheticPhotoOptions {
  width?: number;
  height?: number;
  /** Makes the content (and so the content hash) unique. */
  seed?: number;
  orientation?: number;
  dateTimeOriginal?: string;
  make?: string;
  model?: string;
}

/** Writes a small, unique JPEG (a colour gradient keyed by `seed`) with optional EXIF. */
export async function writeSyntheticJpeg(path: string, options: SyntheticPhotoOptions = {}): Promise<void> {
  const { width = 96, height = 64, seed = 0 } = options;
  const pixels = Buffer.alloc(width * height * 3);
  // The three channel offsets are 24 bits of an odd multiple of the seed: distinct pixels for every seed below 2^24
  // (photos are identified by their pixels, so two seeds must never draw the same picture).
  const mix = Math.imul(seed, 0x9e3779b1) >>> 0;
  const [r, g, b] = [mix & 255, (mix >>> 8) & 255, (mix >>> 16) & 255];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = (x * 7 + r) & 255;
      pixels[i + 1] = (y * 5 + g) & 255;
      pixels[i + 2] = (x * y + b) & 255;
    }
  }
  let image = sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 });
  if (options.dateTimeOriginal || options.make || options.model) {
    image = image.withExif({
      IFD0: { ...(options.make ? { Make: options.make } : {}), ...(options.model ? { Model: options.model } : {}) },
      ...(options.dateTimeOriginal ? { IFD2: { DateTimeOriginal: options.dateTimeOriginal } } : {}),
    });
  }
  if (options.orientation) image = image.withMetadata({ orientation: options.orientation });
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, await image.toBuffer());
}

/**
 * A valid PNG whose header declares `width`×`height` but whose data is tiny: what a decompression bomb looks like to
 * a reader that trusts the header.
 */
export function writePngDeclaring(path: string, width: number, height: number): void {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // One row of zeros compressed; a real bomb would be all rows of zeros, which deflate to almost nothing.
  const idat = deflateSync(Buffer.alloc(width + 1));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]));
}
