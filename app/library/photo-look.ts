/**
 * A photo's look in 64 bits: the difference hash (dHash) of a 9×8 grey version of it, one bit per pair of
 * horizontally adjacent cells (is the left one brighter?). Frames of one burst — the same scene a fraction of a second
 * apart, a little shifted, one sharper than the other — differ in a few bits; different scenes in about half of them.
 * Computed from the library's thumbnail (320 px), so it costs one small decode per photo.
 */
import sharp from 'sharp';

/** The dHash of an image (a file path or encoded bytes), as 16 hex digits. */
export async function lookHash(input: string | Buffer): Promise<string> {
  const { data } = await sharp(input).rotate().greyscale().resize(9, 8, { fit: 'fill', kernel: 'cubic' }).raw().toBuffer({ resolveWithObject: true });
  let hex = '';
  for (let y = 0; y < 8; y++) {
    let byte = 0;
    for (let x = 0; x < 8; x++) byte = (byte << 1) | ((data[y * 9 + x] as number) > (data[y * 9 + x + 1] as number) ? 1 : 0);
    hex += byte.toString(16).padStart(2, '0');
  }
  return hex;
}

/** Number of differing bits between two look hashes. */
export function lookDistance(a: string, b: string): number {
  let bits = 0;
  for (let i = 0; i < a.length; i += 2) {
    let x = parseInt(a.slice(i, i + 2), 16) ^ parseInt(b.slice(i, i + 2), 16);
    while (x) {
      bits += x & 1;
      x >>= 1;
    }
  }
  return bits;
}
