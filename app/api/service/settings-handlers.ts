/** Implements the settings part of the contract. */
import { modelSettingChoices, modelSettingIssue } from '../../settings/model-setting.js';
import { ApiError } from '../contract/api-error.js';
import type { HandlersFor } from '../contract/contract-kit.js';
import type { ServiceContext } from './service-context.js';
import type { settingsMethods } from '../contract/settings-contract.js';
import { readSettings, writeSettings } from '../../settings/settings-store.js';

export function settingsHandlers(ctx: ServiceContext): HandlersFor<typeof settingsMethods> {
  return {
    'settings.models': () => modelSettingChoices().map(({ value, id, unusable }) => ({ value, id, unusable })),
    'settings.get': () => readSettings(ctx.library),
    'settings.set': (patch) => {
      // A model the manifest does not offer for libraries would make every scan fail: refuse it here, with the reason.
      const issue = patch.model === undefined ? null : modelSettingIssue(patch.model);
      if (issue) throw new ApiError('invalid_input', issue, [{ path: ['model'], message: issue }]);
      const settings = writeSettings(ctx.library, patch);
      ctx.events.emit('settings.changed', settings);
      return settings;
    },
  };
}
