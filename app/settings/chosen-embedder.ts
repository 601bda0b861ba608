/** The embedding model the user chose in the settings: what scans embed with and what recognition compares. */
import type { Library } from '../db/library.js';
import { findModel, loadManifest, requireUsable, type EmbedderEntry } from '../shared/model-manifest.js';
import { ApiError } from '../api/contract/api-error.js';
import { readSettings } from './settings-store.js';

export function chosenEmbedder(library: Library): EmbedderEntry {
  const entry = findModel(loadManifest(), readSettings(library.db).model);
  if (entry.role !== 'embedder') throw new ApiError('internal', `${entry.id} is not an embedding model`);
  return requireUsable(entry);
}
