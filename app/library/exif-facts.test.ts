import { describe, expect, it } from 'vitest';
import { parseExifDate } from './exif-facts.js';

describe('parseExifDate', () => {
  it('reads EXIF local time as wall-clock milliseconds', () => {
    expect(parseExifDate('2021:07:04 18:30:05')).toBe(Date.UTC(2021, 6, 4, 18, 30, 5));
    expect(parseExifDate('2021-07-04T18:30:05')).toBe(Date.UTC(2021, 6, 4, 18, 30, 5));
  });
  it('gives null for blank, zero and malformed dates', () => {
    for (const v of ['0000:00:00 00:00:00', '    :  :     :  :  ', '', 'yesterday', 42, undefined]) expect(parseExifDate(v)).toBeNull();
  });
});
