/**
 * Settings in the database's settings table, one row per top-level setting (JSON values). Every read is validated:
 * a missing or damaged value falls back to its default rather than breaking the app.
 */
import type { Repositories } from '../db/repositories.js';
import { applySettingsPatch, DEFAULT_SETTINGS, SettingsSchema, type Settings } from './settings-schema.js';
import type { z } from 'zod';
import type { SettingsPatchSchema } from './settings-schema.js';

const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[];

/** Reads all settings (defaults for what is missing or invalid). Other services call this to honour the user's choices. */
export function readSettings(store: Pick<Repositories, 'settings'>): Settings {
  const rows = store.settings.getMany(KEYS) as { key: keyof Settings; value: string }[];
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
export function writeSettings(store: Pick<Repositories, 'settings' | 'transaction'>, patch: z.output<typeof SettingsPatchSchema>): Settings {
  return store.transaction(() => {
    const next = SettingsSchema.safeParse(applySettingsPatch(readSettings(store), patch));
    if (!next.success) {
      const issue = next.error.issues[0];
      throw new InvalidSettingsError(`Invalid settings: ${issue?.path.map(String).join('.')}: ${issue?.message}`, [
        ...next.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message })),
      ]);
    }
    store.settings.putMany(KEYS.map((key) => [key, JSON.stringify(next.data[key])] as const));
    return next.data;
  });
}

/** Settings that would be invalid as a whole; `issues` say which fields and why (the app shows them per field). */
export class InvalidSettingsError extends Error {
  override name = 'InvalidSettingsError';
  constructor(
    message: string,
    readonly issues: { path: (string | number)[]; message: string }[],
  ) {
    super(message);
  }
}
