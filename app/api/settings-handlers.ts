/** Implements the settings part of the contract. */
import type { HandlersFor } from './contract-kit.js';
import type { ServiceContext } from './service-context.js';
import type { settingsMethods } from './settings-contract.js';
import { readSettings, writeSettings } from './settings-store.js';

export function settingsHandlers(ctx: ServiceContext): HandlersFor<typeof settingsMethods> {
  return {
    'settings.get': () => readSettings(ctx.library.db),
    'settings.set': (patch) => {
      const settings = writeSettings(ctx.library.db, patch);
      ctx.events.emit('settings.changed', settings);
      return settings;
    },
  };
}
