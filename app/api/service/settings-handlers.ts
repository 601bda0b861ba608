/** Implements the settings part of the contract. */
import { findModel, loadManifest, type ModelManifest } from '../../shared/model-manifest.js';
import { ApiError } from '../contract/api-error.js';
import type { HandlersFor } from '../contract/contract-kit.js';
import type { ServiceContext } from './service-context.js';
import type { settingsMethods } from '../contract/settings-contract.js';
import { readSettings, writeSettings } from '../../settings/settings-store.js';

export function settingsHandlers(ctx: ServiceContext): HandlersFor<typeof settingsMethods> {
  let manifest: ModelManifest | undefined;
  return {
    'settings.get': () => readSettings(ctx.library.db),
    'settings.set': (patch) => {
      if (patch.model) {
        // A model the manifest marks unusable would make every scan fail: refuse it here, with the reason.
        const entry = findModel((manifest ??= loadManifest()), patch.model);
        if (entry.role === 'embedder' && entry.unusable) {
          const message = `The ${patch.model} model is not available: ${entry.unusable}`;
          throw new ApiError('invalid_input', message, [{ path: ['model'], message }]);
        }
      }
      const settings = writeSettings(ctx.library.db, patch);
      ctx.events.emit('settings.changed', settings);
      return settings;
    },
  };
}
