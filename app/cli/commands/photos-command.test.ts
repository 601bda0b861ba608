import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureModelBuilt } from '../../../native-models/model-build.js';
import { Library } from '../../db/library.js';
import { runCli } from '../../testing/run-cli.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { writeVariantLibrary } from '../../testing/variant-library.js';
import { parseShootDate } from './photos-command.js';

let dir: string;
let cleanup: () => void;
let photos: { collins: string[]; hopper: string[] };
let db: string;

beforeAll(async () => {
  await ensureModelBuilt('accurate');
  ({ dir, cleanup } = makeTempDir());
  photos = await writeVariantLibrary(join(dir, 'photos'));
  db = join(dir, 'data', 'kindred.db');
  const scan = await runCli(['--db', db, 'scan', join(dir, 'photos'), '--json']);
  expect(scan.code, scan.stderr).toBe(0);
  // Name the group of Collins' photos, and pick two of them (as the app would).
  const library = Library.open(db);
  try {
    const faceOf = (path: string) => library.faces.ofPhoto(library.db.prepare('SELECT photo_id FROM files WHERE path = ?').pluck().get(path) as number)[0]!;
    library.people.rename(faceOf(photos.collins[0]!).personId!, 'Collins');
    library.culls.setStates(photos.collins.slice(0, 2).map((p) => ({ photoId: faceOf(p).photoId, flag: 'pick' as const, rating: 0 })));
  } finally {
    library.close();
  }
}, 120_000);
afterAll(() => cleanup());

describe('kindred photos (CLI)', () => {
  it("lists a person's photos best first, with the parts of each frame's quality", async () => {
    const r = await runCli(['--db', db, 'photos', '--person', 'collins', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { frames } = JSON.parse(r.stdout) as { frames: { path: string; flag: string | null; quality: { score: number; sharpness: number } }[] };
    expect(frames.map((f) => f.path).sort()).toEqual([...photos.collins].sort());
    expect(frames.map((f) => f.quality.score)).toEqual(frames.map((f) => f.quality.score).sort((a, b) => b - a));
    expect(frames.filter((f) => f.flag === 'pick')).toHaveLength(2);
    const text = await runCli(['--db', db, 'photos', '--person', 'Collins', '--sort', 'date']);
    expect(text.stdout).toMatch(/^3 photos, 0 bursts \(sorted by date\)/);
  });

  it('exports the picks as a list', async () => {
    const list = join(dir, 'picks.txt');
    const r = await runCli(['--db', db, 'photos', '--person', 'Collins', '--export-picks', list, '--as', 'list']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(list, 'utf8').trim().split('\n').sort()).toEqual(photos.collins.slice(0, 2).sort());
  });

  it('refuses an unknown person, a bad date and a bad sort with a clear message', async () => {
    for (const [args, message] of [
      [['--person', 'Nobody'], 'No person named "Nobody"'],
      [['--from', '2024-02-30'], '--from: 2024-02-30 is not a date'],
      [['--sort', 'size'], '--sort must be one of quality, date'],
    ] as const) {
      const r = await runCli(['--db', db, 'photos', ...args]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(message);
    }
  });
});

describe('parseShootDate', () => {
  it('reads days and times as wall-clock UTC; a bare day as --to is its end', () => {
    expect(parseShootDate('--from', '2024-06-01', false)).toBe(Date.UTC(2024, 5, 1));
    expect(parseShootDate('--to', '2024-06-01', true)).toBe(Date.UTC(2024, 5, 1, 23, 59, 59, 999));
    expect(parseShootDate('--to', '2024-06-01T14:30', true)).toBe(Date.UTC(2024, 5, 1, 14, 30));
    expect(() => parseShootDate('--from', 'June', false)).toThrow(/--from must be a date/);
  });
});
