import BetterSqlite3, { type Database } from 'better-sqlite3';
import { mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Who holds a library's writer lock, as recorded beside the database for the message a second writer prints. */
export interface WriterLockOwner {
  pid: number;
  command: string;
  since: string;
}

/** A second process tried to write to a library another process is writing to. */
export class LibraryInUseError extends Error {
  constructor(
    readonly databasePath: string,
    readonly owner: WriterLockOwner | null,
  ) {
    const who = owner ? `${owner.command} (pid ${owner.pid}, since ${owner.since})` : 'another Kindred process';
    super(`The library ${databasePath} is in use by ${who}. Wait for it to finish (or close it), then try again.`);
    this.name = 'LibraryInUseError';
  }
}

/** A held writer lock; `release` is idempotent. */
export interface WriterLock {
  release(): void;
}

interface Held {
  lockDb: Database;
  ownerPath: string;
  owner: WriterLockOwner;
  count: number;
}

/** Locks this process holds, by lock path: a process may open its own library more than once (tests, tools). */
const held = new Map<string, Held>();

/**
 * Takes the exclusive writer lock of the library whose database is at `databasePath`, or throws
 * `LibraryInUseError` naming the process that holds it.
 *
 * The lock is an OS file lock, not a pid file: a small SQLite file beside the database (`<db>.writer-lock`) kept in
 * an open write transaction for as long as the library is open. The operating system drops it when its process
 * exits or is killed, so a lock left by a dead process is simply taken over — no pid guessing, no race between two
 * processes clearing the same stale file. Who holds it (pid, command, since when) is written to
 * `<db>.writer-lock.json` for the refusal message only.
 */
export function takeWriterLock(databasePath: string, command: string): WriterLock {
  mkdirSync(dirname(databasePath), { recursive: true });
  const lockPath = `${canonical(databasePath)}.writer-lock`;
  const ownerPath = `${lockPath}.json`;
  const mine = held.get(lockPath);
  if (mine) {
    mine.count++;
    return onceReleased(lockPath);
  }
  const lockDb = new BetterSqlite3(lockPath);
  try {
    lockDb.pragma('busy_timeout = 0');
    lockDb.exec('BEGIN IMMEDIATE');
  } catch (error) {
    lockDb.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new LibraryInUseError(databasePath, readOwner(ownerPath));
    throw error;
  }
  const owner: WriterLockOwner = { pid: process.pid, command, since: new Date().toISOString() };
  writeFileSync(ownerPath, `${JSON.stringify(owner)}\n`);
  held.set(lockPath, { lockDb, ownerPath, owner, count: 1 });
  return onceReleased(lockPath);
}

function onceReleased(lockPath: string): WriterLock {
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      const entry = held.get(lockPath);
      if (!entry || --entry.count > 0) return;
      held.delete(lockPath);
      // The owner file goes first, while the lock still guards it; the lock file itself stays (deleting a lock file
      // another process may have just opened would let two processes lock two different files).
      if (readOwner(entry.ownerPath)?.pid === entry.owner.pid) rmSync(entry.ownerPath, { force: true });
      entry.lockDb.close();
    },
  };
}

function readOwner(ownerPath: string): WriterLockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(ownerPath, 'utf8')) as WriterLockOwner;
    return typeof owner.pid === 'number' && typeof owner.command === 'string' ? owner : null;
  } catch {
    return null;
  }
}

/** The database's path with its folder resolved, so two spellings of one library share one lock. */
function canonical(databasePath: string): string {
  try {
    return join(realpathSync(dirname(databasePath)), basename(databasePath));
  } catch {
    return databasePath;
  }
}
