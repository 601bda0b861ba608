import BetterSqlite3, { type Database } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrationsDir } from '../shared/paths.js';
import { migrate, NewerDatabaseError, readMigrations } from './migrator.js';

export type { Database } from 'better-sqlite3';

/**
 * Opens (creating if needed) a Kindred library database: WAL, foreign keys on, a busy timeout so a second process
 * waits instead of failing, and the schema migrated to this version.
 */
export function openDatabase(path: string, options: { readonly?: boolean } = {}): Database {
  if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      // NORMAL is durable across application crashes in WAL mode; only an OS crash may lose the last commits.
      db.pragma('synchronous = NORMAL');
      migrate(db, readMigrations(migrationsDir));
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Whether a database opened read-only is at this version's schema (an older one needs a writer to migrate it first);
 * a newer one is refused as a writer's open refuses it.
 */
export function schemaIsCurrent(db: Database): boolean {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = readMigrations(migrationsDir).at(-1)?.version ?? 0;
  if (current > latest) throw new NewerDatabaseError(current, latest);
  return current === latest;
}

/** Runs `fn` in an IMMEDIATE transaction (takes the write lock up front, so concurrent writers queue cleanly). */
export function inTransaction<T>(db: Database, fn: () => T): T {
  return db.transaction(fn).immediate();
}
