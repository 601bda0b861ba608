import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir.js';
import { migrate, NewerDatabaseError, readMigrations } from './migrator.js';
import { openDatabase } from './open-database.js';
import { migrationsDir } from '../shared/paths.js';

const temps: (() => void)[] = [];
afterEach(() => temps.splice(0).forEach((cleanup) => cleanup()));
function tempDir(): string {
  const t = makeTempDir();
  temps.push(t.cleanup);
  return t.dir;
}

describe('migrations', () => {
  it('creates the whole schema on an empty database and records user_version', () => {
    const db = openDatabase(join(tempDir(), 'k.db'));
    const latest = readMigrations(migrationsDir).at(-1)!.version;
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name);
    for (const t of ['folders', 'files', 'photos', 'faces', 'face_embeddings', 'people', 'face_links', 'face_rejections', 'models', 'jobs', 'settings']) {
      expect(tables).toContain(t);
    }
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('is idempotent: reopening applies nothing', () => {
    const path = join(tempDir(), 'k.db');
    openDatabase(path).close();
    const db = new BetterSqlite3(path);
    expect(migrate(db, readMigrations(migrationsDir))).toEqual([]);
    db.close();
  });

  it('refuses a database written by a newer Kindred, with a clear message, and leaves it untouched', () => {
    const path = join(tempDir(), 'k.db');
    openDatabase(path).close();
    const raw = new BetterSqlite3(path);
    raw.pragma('user_version = 999');
    raw.close();
    expect(() => openDatabase(path)).toThrow(NewerDatabaseError);
    expect(() => openDatabase(path)).toThrow(/newer version of Kindred \(schema 999/);
    const after = new BetterSqlite3(path);
    expect(after.pragma('user_version', { simple: true })).toBe(999);
    after.close();
  });

  it('rolls back every pending migration when one fails', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'm'));
    writeFileSync(join(dir, 'm', '001_a.sql'), 'CREATE TABLE a (x);');
    writeFileSync(join(dir, 'm', '002_b.sql'), 'CREATE TABLE b (x); THIS IS NOT SQL;');
    const db = new BetterSqlite3(join(dir, 'k.db'));
    expect(() => migrate(db, readMigrations(join(dir, 'm')))).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name IN ('a', 'b')`).get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses gaps in the numbering', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '001_a.sql'), '');
    writeFileSync(join(dir, '003_c.sql'), '');
    expect(() => readMigrations(dir)).toThrow(/expected version 2, found 3/);
  });

  it('004: analyses recorded before it keep their meaning: old failures get one more try, old successes count as name-imported', () => {
    const db = new BetterSqlite3(join(tempDir(), 'k.db'));
    const migrations = readMigrations(migrationsDir);
    migrate(db, migrations.filter((m) => m.version < 4));
    db.exec(`INSERT INTO models VALUES ('det', 'detector', '', NULL, 0), ('emb', 'embedder', '', 128, 0);
             INSERT INTO photos (id, content_hash, format, width, height, created_at) VALUES (1, 'a', 'jpeg', 1, 1, 0), (2, 'b', 'jpeg', 1, 1, 0);
             INSERT INTO photo_analyses VALUES (1, 'emb', 'det', 2, 0, NULL), (2, 'emb', 'det', 0, 0, 'worker exited with code 1');`);
    expect(migrate(db, migrations)).toContain(4);
    expect(db.prepare('SELECT photo_id, retry, names_imported FROM photo_analyses ORDER BY photo_id').all()).toEqual([
      { photo_id: 1, retry: 0, names_imported: 1 },
      { photo_id: 2, retry: 1, names_imported: 0 },
    ]);
    db.close();
  });
});
