import BetterSqlite3 from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../shared/seeded-random.js';
import { CLI_ARGS, runCli } from '../testing/run-cli.js';
import { projectRoot } from '../testing/shared-faces.js';
import { writeSyntheticJpeg } from '../testing/synthetic-photos.js';
import { makeTempDir } from '../testing/temp-dir.js';

const PHOTOS = 150;
let root: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ dir: root, cleanup } = makeTempDir());
  for (let i = 0; i < PHOTOS; i++) {
    await writeSyntheticJpeg(join(root, 'photos', `album-${i % 5}`, `p${i}.jpg`), { width: 1600, height: 1200, seed: i });
  }
});
afterAll(() => cleanup());

/** Photos catalogued so far, read from a second connection while the scan writes (WAL allows it). */
function catalogued(dbPath: string): number {
  try {
    const db = new BetterSqlite3(dbPath, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare(`SELECT count(*) AS n FROM files WHERE status = 'ok'`).get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return -1; // not created or not migrated yet
  }
}

/** Starts a scan in a child process and SIGKILLs it once `target` photos are catalogued (0: as soon as it starts). */
function scanAndKillAt(dbPath: string, target: number): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI_ARGS, '--db', dbPath, 'scan', '--no-faces', join(root, 'photos')], {
      cwd: projectRoot,
      stdio: 'ignore',
    });
    const poll = setInterval(() => {
      if (catalogued(dbPath) >= target) child.kill('SIGKILL');
    }, 15);
    child.on('close', (_code, signal) => {
      clearInterval(poll);
      resolve(signal);
    });
  });
}

describe('crash resume', () => {
  it('a scan SIGKILLed at random points finishes on restart: every photo once, database intact', async () => {
    const dbPath = join(root, 'data', 'kindred.db');
    const random = mulberry32(20261128);
    let killed = 0;
    let target = 0;
    for (let round = 0; round < 4; round++) {
      if ((await scanAndKillAt(dbPath, target)) === 'SIGKILL') killed++;
      target = Math.max(catalogued(dbPath), 0) + 1 + Math.floor(random() * 40);
    }
    const beforeFinish = new BetterSqlite3(dbPath, { readonly: true });
    const doneBefore = (beforeFinish.prepare(`SELECT count(*) AS n FROM files WHERE status = 'ok'`).get() as { n: number }).n;
    beforeFinish.close();

    const final = await runCli(['--db', dbPath, 'scan', '--no-faces', '--json', join(root, 'photos')]);
    expect(final.code, final.stderr).toBe(0);
    const summary = JSON.parse(final.stdout) as { read: number };
    expect(killed).toBeGreaterThan(0);
    // Resumed, not redone: the last run read exactly what the killed runs had not committed.
    expect(summary.read).toBe(PHOTOS - doneBefore);

    const db = new BetterSqlite3(dbPath, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare(`SELECT status, count(*) AS n FROM files GROUP BY status`).all()).toEqual([{ status: 'ok', n: PHOTOS }]);
    expect(db.prepare('SELECT count(*) AS n, count(DISTINCT content_hash) AS d FROM photos').get()).toEqual({ n: PHOTOS, d: PHOTOS });
    expect(db.prepare('SELECT count(*) AS n FROM files WHERE photo_id IS NULL').get()).toEqual({ n: 0 });
    // The killed runs are visible as interrupted jobs; the last one finished.
    const states = (db.prepare(`SELECT state FROM jobs ORDER BY id`).all() as { state: string }[]).map((j) => j.state);
    expect(states.at(-1)).toBe('done');
    db.close();
  }, 120_000);
});
