/** The settings part of the contract. */
import { event, method } from './contract-kit.js';
import { noInput } from './common-schemas.js';
import { SettingsPatchSchema, type Settings } from '../../settings/settings-schema.js';

export const settingsMethods = {
  'settings.get': method<Settings>()({ input: noInput, summary: 'All settings (defaults filled in).' }),
  'settings.set': method<Settings>()({
    input: SettingsPatchSchema,
    summary: 'Changes some settings and returns them all; the result is validated as a whole before it is stored.',
  }),
} as const;

export const settingsEvents = {
  'settings.changed': event<Settings>('The settings changed (from this window or another client).'),
} as const;
