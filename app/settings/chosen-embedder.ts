/**
 * Which embedding model a run uses, decided in this one place for every door: the model in the library's settings,
 * unless the run names another (a CLI flag, for that run only). Library work refuses a model the manifest marks
 * unusable; evaluation may measure it.
 */
import type { Library } from '../db/library.js';
import { findEmbedder, loadManifest, requireUsable, type EmbedderEntry } from '../shared/model-manifest.js';
import { readSettings } from './settings-store.js';

export interface EmbedderChoice {
  /** A model id or alias that overrides the settings for this run. */
  model?: string | undefined;
  /** 'evaluation' also accepts a model marked unusable (to measure it). */
  use?: 'library' | 'evaluation';
}

/** The embedder named by `model` (an id or alias such as accurate / fast). */
export function embedderNamed(model: string, use: 'library' | 'evaluation' = 'library'): EmbedderEntry {
  const entry = findEmbedder(loadManifest(), model);
  return use === 'library' ? requireUsable(entry) : entry;
}

/** The embedder a run on `library` uses: the override, else the library's setting. */
export function chosenEmbedder(library: Library, choice: EmbedderChoice = {}): EmbedderEntry {
  return embedderNamed(choice.model ?? readSettings(library).model, choice.use);
}
