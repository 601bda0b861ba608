import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** One LFW-style pair: two images (relative to the set's root), whether they show the same person, and a fold. */
export interface LabeledPair {
  a: string;
  b: string;
  same: boolean;
  /** 1..10 when the file gives it. */
  fold: number | null;
  /** The pair's kind (e.g. FF, FP: frontal–frontal, frontal–profile) when the file has a `type` column. */
  type?: string;
}

/**
 * Reads a pairs CSV: header `img_a,img_b,same[,fold][,type]`, `same` 1 or 0. Quoted fields are allowed; a malformed row
 * is an error naming its line (an evaluation on silently dropped pairs would be a wrong number).
 */
export function parsePairsCsv(text: string, origin = 'pairs file'): LabeledPair[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim().toLowerCase());
  const ia = header.indexOf('img_a');
  const ib = header.indexOf('img_b');
  const is = header.indexOf('same');
  const ifold = header.indexOf('fold');
  const itype = header.indexOf('type');
  if (ia < 0 || ib < 0 || is < 0) throw new Error(`${origin}: the header must name img_a, img_b and same (got: ${lines[0] ?? 'nothing'})`);
  return lines.slice(1).map((line, i) => {
    const cells = splitCsvLine(line);
    const a = cells[ia]?.trim();
    const b = cells[ib]?.trim();
    const same = cells[is]?.trim();
    if (!a || !b || (same !== '0' && same !== '1')) throw new Error(`${origin}, line ${i + 2}: expected img_a,img_b,same(0|1): ${line}`);
    let fold: number | null = null;
    if (ifold >= 0 && cells[ifold]?.trim()) {
      fold = Number(cells[ifold]);
      if (!Number.isInteger(fold) || fold < 1 || fold > 10) throw new Error(`${origin}, line ${i + 2}: fold must be 1..10`);
    }
    const type = itype >= 0 ? cells[itype]?.trim() : undefined;
    return { a, b, same: same === '1', fold, ...(type ? { type } : {}) };
  });
}

export function readPairsFile(path: string): LabeledPair[] {
  return parsePairsCsv(readFileSync(path, 'utf8'), path);
}

/**
 * Several pairs files evaluated together (their images embedded once): with more than one, a pair without a `type`
 * column takes its file's name (e.g. cfp_ff_pairs) as its type, so each protocol is also reported on its own.
 */
export function readPairsFiles(paths: readonly string[]): LabeledPair[] {
  return paths.flatMap((path) => {
    const name = basename(path).replace(/\.csv$/i, '');
    return readPairsFile(path).map((p) => (paths.length > 1 && p.type === undefined ? { ...p, type: name } : p));
  });
}

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}
