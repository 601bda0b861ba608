import type { Database } from 'better-sqlite3';

/** The `settings` table: one JSON text value per key (the settings themselves, and small bits of app state). */
export class SettingsRepository {
  constructor(private readonly db: Database) {}

  get(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  /** The stored values of `keys` (keys without a row are left out). */
  getMany(keys: readonly string[]): { key: string; value: string }[] {
    return this.db.prepare(`SELECT key, value FROM settings WHERE key IN (${keys.map(() => '?').join(',')})`).all(...keys) as {
      key: string;
      value: string;
    }[];
  }

  put(key: string, value: string): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Stores several values (call inside a transaction to store them together). */
  putMany(entries: Iterable<readonly [string, string]>): void {
    const upsert = this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    for (const [key, value] of entries) upsert.run(key, value);
  }

  delete(key: string): void {
    this.db.prepare('DELETE FROM settings WHERE key = ?').run(key);
  }
}
