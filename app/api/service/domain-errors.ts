/**
 * The core's own refusals, as the contract's typed errors: the domains and services below the API throw errors of
 * their own (they do not know the contract), and every call's failure passes through here on its way out.
 */
import { FolderBrowseError } from '../../library/folder-browser.js';
import { InvalidSettingsError } from '../../settings/settings-store.js';
import { JobRefusedError } from '../../jobs/job-refused-error.js';
import { WriteBackOffError } from '../../workflows/export-names.js';
import { StaleEmbeddingsError } from '../../workflows/embedding-recipe-change.js';
import { StaleHeadError } from '../../workflows/apply-head.js';
import { ApiError } from '../contract/api-error.js';

export function asApiError(error: unknown): unknown {
  if (error instanceof JobRefusedError) return new ApiError(error.code, error.message);
  if (error instanceof InvalidSettingsError) return new ApiError('invalid_input', error.message, error.issues);
  if (error instanceof WriteBackOffError) return new ApiError('conflict', error.message);
  if (error instanceof StaleEmbeddingsError || error instanceof StaleHeadError) return new ApiError('conflict', error.message);
  if (error instanceof FolderBrowseError) return new ApiError(error.reason === 'not_found' ? 'not_found' : 'invalid_input', error.message);
  return error;
}
