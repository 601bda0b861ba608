import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePairsCsv, readPairsFiles } from './pairs-file.js';

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

describe('pair types', () => {
  it('reads an optional type column', () => {
    const pairs = parsePairsCsv('img_a,img_b,same,fold,type\na,b,1,1,FF\nc,d,0,2,FP\ne,f,1,3,\n');
    expect(pairs.map((p) => p.type)).toEqual(['FF', 'FP', undefined]);
  });

  it('names each file’s pairs after the file when several are read together', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindred-pairs-'));
    try {
      writeFileSync(join(dir, 'cfp_ff_pairs.csv'), 'img_a,img_b,same\na,b,1\n');
      writeFileSync(join(dir, 'typed.csv'), 'img_a,img_b,same,type\nc,d,0,FP\n');
      const both = readPairsFiles([join(dir, 'cfp_ff_pairs.csv'), join(dir, 'typed.csv')]);
      expect(both.map((p) => p.type)).toEqual(['cfp_ff_pairs', 'FP']);
      expect(readPairsFiles([join(dir, 'cfp_ff_pairs.csv')])[0]!.type).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
