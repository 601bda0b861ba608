/** The settings part of the contract. */
import { event, method } from './contract-kit.js';
import { noInput } from './common-schemas.js';
import { SettingsPatchSchema, type Settings } from '../../settings/settings-schema.js';

/** An embedding model a library can be set to (from the model manifest). */
export interface ModelChoiceDto {
  /** What the setting stores (the model's alias, e.g. "accurate"). */
  value: string;
  id: string;
  /** Why it cannot be chosen for a library, or null. */
  unusable: string | null;
}

export const settingsMethods = {
  'settings.models': method<ModelChoiceDto[]>()({ input: noInput, summary: 'The embedding models of the manifest, in its order (unusable ones flagged).' }),
  'settings.get': method<Settings>()({ input: noInput, summary: 'All settings (defaults filled in).' }),
  'settings.set': method<Settings>()({
    input: SettingsPatchSchema,
    summary: 'Changes some settings and returns them all; the result is validated as a whole before it is stored.',
  }),
} as const;

export const settingsEvents = {
  'settings.changed': event<Settings>('The settings changed (from this window or another client).'),
} as const;
