/**
 * The in-memory raster the vision pipeline works on (8-bit RGB, row-major, no padding), and the two sharp calls that
 * produce one: decoding an oriented photo and resizing.
 */
import sharp from 'sharp';

/** An 8-bit RGB image: `data[(y * width + x) * 3 + c]`. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * Decodes a file or buffer to RGB, applying the EXIF orientation, dropping alpha and expanding grayscale to three
 * channels. Throws on undecodable input (sharp's message).
 */
export async function decodeRgbImage(input: string | Buffer): Promise<RgbImage> {
  const { data, info } = await sharp(input)
    .rotate()
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected 3 channels after conversion, got ${info.channels}`);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/** Resizes to exactly `width`×`height` (no aspect-ratio handling; area-averaging when shrinking, as libvips does). */
export async function resizeRgbImage(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  if (width === image.width && height === image.height) return image;
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel: width < image.width ? 'lanczos3' : 'cubic' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/** Crops a region (clamped to the image) with a plain row copy. */
export function cropRgbImage(image: RgbImage, x: number, y: number, width: number, height: number): RgbImage {
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(image.width, Math.ceil(x + width));
  const y1 = Math.min(image.height, Math.ceil(y + height));
  const w = Math.max(0, x1 - x0);
  const h = Math.max(0, y1 - y0);
  const data = new Uint8Array(w * h * 3);
  for (let row = 0; row < h; row++) {
    const src = ((y0 + row) * image.width + x0) * 3;
    data.set(image.data.subarray(src, src + w * 3), row * w * 3);
  }
  return { data, width: w, height: h };
}

/** The mirror image (left and right swapped). */
export function mirrorRgbImage(image: RgbImage): RgbImage {
  const { data, width, height } = image;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    const row = y * width * 3;
    for (let x = 0; x < width; x++) {
      const s = row + x * 3;
      const d = row + (width - 1 - x) * 3;
      out[d] = data[s]!;
      out[d + 1] = data[s + 1]!;
      out[d + 2] = data[s + 2]!;
    }
  }
  return { data: out, width, height };
}
