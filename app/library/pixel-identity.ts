import { createHash } from 'node:crypto';
import sharp from 'sharp';

/**
 * A photo's content identity that survives metadata edits (Lightroom, digiKam, `exiftool -Rating=3`, Kindred's own
 * XMP write-back), so such an edit never makes a new photo. The EXIF orientation is part of it: it changes the
 * displayed image (and with it every face box), so an orientation change counts as a pixel edit.
 *
 * - JPEG: a byte scan, no decode. Every segment except APPn (EXIF, XMP, IPTC, ICC, maker notes...) and COM, plus the
 *   entropy-coded data up to EOI: the frame, tables and scans as coded. Metadata tools copy these verbatim.
 * - Other formats: the decoded pixels (as stored, before orientation), with their size and channel count. Costs a
 *   full decode, but these formats are rare in camera libraries, and metadata chunks (PNG tEXt/iTXt/eXIf, TIFF IFDs,
 *   WebP EXIF/XMP) need no format-specific parser this way.
 */
export async function pixelIdentity(buffer: Buffer, format: string, orientation: number, limitInputPixels: number | false = false): Promise<string> {
  const hash = createHash('sha256').update(`kindred-pixels-v1\0orientation=${orientation}\0`);
  const jpeg = format === 'jpeg' ? jpegImageData(buffer) : undefined;
  if (jpeg) {
    hash.update('jpeg\0');
    for (const part of jpeg) hash.update(part);
  } else {
    const { data, info } = await sharp(buffer, { limitInputPixels }).raw().toBuffer({ resolveWithObject: true });
    hash.update(`raw\0${info.width}x${info.height}x${info.channels}\0`).update(data);
  }
  return hash.digest('hex');
}

const isApp = (marker: number): boolean => marker >= 0xe0 && marker <= 0xef;
const isRst = (marker: number): boolean => marker >= 0xd0 && marker <= 0xd7;
const COM = 0xfe;
const SOS = 0xda;
const EOI = 0xd9;

/**
 * The parts of a JPEG that code its image, in order: every marker segment but APPn and COM, and each scan's
 * entropy-coded data. Undefined when the bytes do not parse as a JPEG (the caller falls back to decoded pixels).
 */
export function jpegImageData(buf: Buffer): Buffer[] | undefined {
  if (buf.length < 4 || buf[0] !== 0xff || buf[1] !== 0xd8) return undefined;
  const parts: Buffer[] = [];
  let i = 2;
  while (i + 1 < buf.length) {
    if (buf[i] !== 0xff) return undefined;
    const marker = buf[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === EOI) return parts;
    if (isRst(marker) || marker === 0x01) {
      i += 2;
      continue;
    }
    if (i + 4 > buf.length) return undefined;
    const end = i + 2 + buf.readUInt16BE(i + 2);
    if (end > buf.length) return undefined;
    if (!isApp(marker) && marker !== COM) parts.push(buf.subarray(i, end));
    i = end;
    if (marker === SOS) {
      // Entropy-coded data runs to the next marker: an 0xFF not followed by a stuffed 0x00, a restart marker or fill.
      let j = i;
      for (;;) {
        j = buf.indexOf(0xff, j);
        if (j < 0 || j + 1 >= buf.length) {
          j = buf.length;
          break;
        }
        const next = buf[j + 1]!;
        if (next === 0x00 || isRst(next) || next === 0xff) j++;
        else break;
      }
      parts.push(buf.subarray(i, j));
      i = j;
    }
  }
  return parts.length > 0 ? parts : undefined; // truncated: what is there (the reader refuses truncated images anyway)
}
