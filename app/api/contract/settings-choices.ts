/**
 * The settings' choices and types as the renderer sees them: re-exported from app/settings, zod-free (the renderer's
 * CSP forbids zod's `new Function` probe), so the renderer reaches settings through the contract like everything else.
 */
export { EXECUTION_PROVIDER_CHOICES, WRITE_BACK_CHOICES } from '../../settings/settings-choices.js';
export type { ExecutionProviderChoice } from '../../settings/settings-choices.js';
export type { Settings, SettingsPatch } from '../../settings/settings-schema.js';
export type { ModelChoiceDto } from './settings-contract.js';
