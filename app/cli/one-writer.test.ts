/**
 * One library, one writer: two real `kindred scan` processes on one library never write it together (they used to
 * analyse the same new photos twice and store every face twice). The second one refuses with a message naming the
 * first; a lock left by a killed process is taken over; a read-only command still reads meanwhile.
 */
import BetterSqlite3 from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureModelBuilt } from '../../native-models/model-build.js';
import { runCli, startCli } from '../testing/run-cli.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { writeVariantLibrary } from '../testing/variant-library.js';

let dir: string;
let cleanup: () => void;
let photos: string;

beforeAll(async () => {
  await ensureModelBuilt('accurate');
  ({ dir, cleanup } = makeTempDir('kindred-one-writer-'));
  photos = join(dir, 'photos');
  await writeVariantLibrary(photos);
}, 120_000);
afterAll(() => cleanup());

/** Polls `check` until it holds (a condition, not a duration), failing with `what` after a generous deadline. */
async function until(what: string, check: () => boolean, deadlineMs = 60_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Reads one query from the library database without locking anything (the scans may be writing it). */
function query<T>(dbPath: string, sql: string): T[] {
  if (!existsSync(dbPath)) return [];
  const db = new BetterSqlite3(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } catch {
    return []; // not migrated yet
  } finally {
    db.close();
  }
}

/** Whether `child`'s scan job is running in the library; throws if the child has already exited. */
const scanRunning = (dbPath: string, child: ChildProcess) => (): boolean => {
  if (child.exitCode !== null) throw new Error(`the scan exited (${child.exitCode}) before it was seen running`);
  return query(dbPath, "SELECT id FROM jobs WHERE kind = 'scan' AND state = 'running'").length > 0;
};

describe('one library, one writer', () => {
  it('a second kindred scan refuses while the first writes, naming it; faces are stored once', async () => {
    const db = join(dir, 'two-scans', 'kindred.db');
    const first = startCli(['--db', db, 'scan', photos, '--json']);
    try {
      await until('the first scan is running', scanRunning(db, first.child));
      // Freeze the first scan mid-work so the second starts while it certainly still holds the library.
      first.child.kill('SIGSTOP');
      const second = await runCli(['--db', db, 'scan', photos, '--json']);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`is in use by kindred --db ${db} scan ${photos} --json (pid ${first.child.pid}`);

      // A command that only reads still reads while the writer works.
      const people = await runCli(['--db', db, 'people', '--json']);
      expect(people.code, people.stderr).toBe(0);
    } finally {
      first.child.kill('SIGCONT');
    }
    const done = await first.done;
    expect(done.code, done.stderr).toBe(0);
    const summary = JSON.parse(done.stdout) as { faces: { faces: number } };
    expect(summary.faces.faces).toBeGreaterThan(0);

    const faces = query<{ photo: number; x: number; y: number }>(db, 'SELECT photo_id AS photo, box_x AS x, box_y AS y FROM faces');
    expect(faces).toHaveLength(summary.faces.faces);
    expect(new Set(faces.map((f) => `${f.photo}@${f.x.toFixed(1)},${f.y.toFixed(1)}`)).size).toBe(faces.length);

    // Once the first has finished, the library is free again (and a rescan adds no face).
    const again = await runCli(['--db', db, 'scan', photos, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(query(db, 'SELECT id FROM faces')).toHaveLength(faces.length);
    expect(existsSync(`${db}.writer-lock.json`)).toBe(false);
  }, 300_000);

  it('a lock left by a killed scan is taken over', async () => {
    const db = join(dir, 'killed', 'kindred.db');
    const killed = startCli(['--db', db, 'scan', photos, '--json']);
    await until('the scan is running', scanRunning(db, killed.child));
    killed.child.kill('SIGKILL');
    await killed.done;
    // The dead process's record is still there: the next writer must see that nobody holds the lock any more.
    expect(existsSync(`${db}.writer-lock.json`)).toBe(true);

    const next = await runCli(['--db', db, 'scan', photos, '--json']);
    expect(next.code, next.stderr).toBe(0);
    const faces = query<{ photo: number; x: number; y: number }>(db, 'SELECT photo_id AS photo, box_x AS x, box_y AS y FROM faces');
    expect(faces.length).toBeGreaterThan(0);
    expect(new Set(faces.map((f) => `${f.photo}@${f.x.toFixed(1)},${f.y.toFixed(1)}`)).size).toBe(faces.length);
    expect(existsSync(`${db}.writer-lock.json`)).toBe(false);
  }, 300_000);
});
