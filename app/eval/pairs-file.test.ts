import { describe, expect, it } from 'vitest';
import { parsePairsCsv } from './pairs-file.js';

describe('parsePairsCsv', () => {
  it('reads pairs with and without folds, quoted names included', () => {
    expect(parsePairsCsv('img_a,img_b,same\na/1.jpg,a/2.jpg,1\n"b/x, y.jpg",c/3.jpg,0\n')).toEqual([
      { a: 'a/1.jpg', b: 'a/2.jpg', same: true, fold: null },
      { a: 'b/x, y.jpg', b: 'c/3.jpg', same: false, fold: null },
    ]);
    expect(parsePairsCsv('img_a,img_b,same,fold\r\na,b,1,3\r\n')[0]!.fold).toBe(3);
  });
  it('refuses a malformed row, naming the line', () => {
    expect(() => parsePairsCsv('img_a,img_b,same\na,b,1\na,b,yes\n')).toThrow(/line 3/);
    expect(() => parsePairsCsv('x,y\n')).toThrow(/header/);
  });
});
