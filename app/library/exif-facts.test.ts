import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parseExifDate, readExifFacts, subSecondsMs } from './exif-facts.js';

describe('parseExifDate', () => {
  it('reads EXIF local time as wall-clock milliseconds', () => {
    expect(parseExifDate('2021:07:04 18:30:05')).toBe(Date.UTC(2021, 6, 4, 18, 30, 5));
    expect(parseExifDate('2021-07-04T18:30:05')).toBe(Date.UTC(2021, 6, 4, 18, 30, 5));
  });
  it('gives null for blank, zero and malformed dates', () => {
    for (const v of ['0000:00:00 00:00:00', '    :  :     :  :  ', '', 'yesterday', 42, undefined]) expect(parseExifDate(v)).toBeNull();
  });
});

describe('sub-seconds (frames of a burst)', () => {
  it('reads SubSecTimeOriginal as a fraction of a second', () => {
    expect(subSecondsMs('04')).toBe(40);
    expect(subSecondsMs('123')).toBe(123);
    expect(subSecondsMs('5 ')).toBe(500);
    expect(subSecondsMs('')).toBe(0);
    expect(subSecondsMs('ab')).toBe(0);
    expect(subSecondsMs(undefined)).toBe(0);
  });

  it('adds them to DateTimeOriginal as a camera writes them', async () => {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
      .jpeg()
      .withExif({ IFD2: { DateTimeOriginal: '2024:06:01 14:00:01', SubSecTimeOriginal: '333' } })
      .toBuffer();
    expect((await readExifFacts(jpeg)).takenAt).toBe(Date.UTC(2024, 5, 1, 14, 0, 1, 333));
  });
});
