/**
 * Settings in the database's settings table, one row per top-level setting (JSON values). Every read is validated:
 * a missing or damaged value falls back to its default rather than breaking the app.
 */
import type { Database } from 'better-sqlite3';
import { ApiError } from '../api/contract/api-error.js';
import { applySettingsPatch, DEFAULT_SETTINGS, SettingsSchema, type Settings } from './settings-schema.js';
import type { z } from 'zod';
import type { SettingsPatchSchema } from './settings-schema.js';

const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[];

/** Reads all settings (defaults for what is missing or invalid). Other services call this to honour the user's choices. */
export function readSettings(db: Database): Settings {
  const rows = db.prepare(`SELECT key, value FROM settings WHERE key IN (${KEYS.map(() => '?').join(',')})`).all(...KEYS) as {
    key: keyof Settings;
    value: string;
  }[];
  const settings: Settings = structuredClone(DEFAULT_SETTINGS);
  for (const { key, value } of rows) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      continue;
    }
    const field = SettingsSchema.shape[key].safeParse(parsed);
    if (field.success) (settings as Record<string, unknown>)[key] = field.data;
  }
  return settings;
}

/** Applies a validated patch, checks the result as a whole, stores it in one transaction and returns it. */
export function writeSettings(db: Database, patch: z.output<typeof SettingsPatchSchema>): Settings {
  return db
    .transaction(() => {
      const next = SettingsSchema.safeParse(applySettingsPatch(readSettings(db), patch));
      if (!next.success) {
        const issue = next.error.issues[0];
        throw new ApiError('invalid_input', `Invalid settings: ${issue?.path.map(String).join('.')}: ${issue?.message}`, [
          ...next.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message })),
        ]);
      }
      const upsert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
      for (const key of KEYS) upsert.run(key, JSON.stringify(next.data[key]));
      return next.data;
    })
    .immediate();
}
