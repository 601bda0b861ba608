import exifr from 'exifr';

/** The EXIF fields Kindred catalogues. */
export interface ExifFacts {
  /** Wall-clock capture time in ms, reading the EXIF local time as if it were UTC (EXIF has no time zone). */
  takenAt: number | null;
  camera: string | null;
}

const EXIF_DATE = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;

/** Parses an EXIF date ("2021:07:04 18:30:00"); null for blanks and impossible dates ("0000:00:00 00:00:00"). */
export function parseExifDate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = EXIF_DATE.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (year < 1800 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  return Number.isFinite(ms) ? ms : null;
}

/** Reads capture date and camera from a file's EXIF with exifr; a file without (or with broken) EXIF gives nulls. */
export async function readExifFacts(buffer: Buffer): Promise<ExifFacts> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = (await exifr.parse(buffer, {
      pick: ['DateTimeOriginal', 'SubSecTimeOriginal', 'CreateDate', 'DateTimeDigitized', 'Make', 'Model'],
      reviveValues: false,
      translateValues: false,
    })) as Record<string, unknown> | undefined;
  } catch {
    tags = undefined; // Broken EXIF must not cost the user the photo.
  }
  const original = parseExifDate(tags?.['DateTimeOriginal']);
  // Sub-seconds tell the frames of a burst apart (several per second); they belong to DateTimeOriginal only.
  const takenAt =
    original !== null ? original + subSecondsMs(tags?.['SubSecTimeOriginal']) : (parseExifDate(tags?.['CreateDate']) ?? parseExifDate(tags?.['DateTimeDigitized']));
  return { takenAt, camera: cameraName(tags?.['Make'], tags?.['Model']) };
}

/** EXIF SubSecTime ("04" = 0.04 s, "123" = 0.123 s) in whole milliseconds; 0 when absent or not digits. */
export function subSecondsMs(value: unknown): number {
  const digits = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,9}$/.test(digits)) return 0;
  return Math.floor(Number(`0.${digits}`) * 1000);
}

/** "Canon" + "Canon EOS R5" → "Canon EOS R5" (models often repeat the make). */
function cameraName(make: unknown, model: unknown): string | null {
  const mk = typeof make === 'string' ? make.trim().replace(/\0+$/, '') : '';
  const md = typeof model === 'string' ? model.trim().replace(/\0+$/, '') : '';
  if (!mk && !md) return null;
  if (!mk) return md;
  if (!md) return mk;
  return md.toLowerCase().startsWith(mk.toLowerCase().split(' ')[0]!) ? md : `${mk} ${md}`;
}
