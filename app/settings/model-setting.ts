/**
 * The `model` setting against the model manifest: which values it may take (the embedders' aliases), its default
 * (the manifest's default embedder) and the check a change must pass. Node only: the schema next door stays
 * browser-safe, so it accepts any name and this module decides; the doors turn its answers into `invalid_input`.
 */
import {
  defaultEmbedderChoice,
  embedderChoices,
  findModel,
  loadManifest,
  type EmbedderChoiceInfo,
  type ModelManifest,
} from '../shared/model-manifest.js';
import { DEFAULT_SETTINGS, type Settings } from './settings-schema.js';

let installed: ModelManifest | undefined;
/** This installation's manifest, read once (it changes only with the installation). */
function manifestOfInstallation(): ModelManifest {
  return (installed ??= loadManifest());
}

/** What the model setting may be set to, in manifest order (unusable ones flagged, so a screen can say why). */
export function modelSettingChoices(manifest: ModelManifest = manifestOfInstallation()): EmbedderChoiceInfo[] {
  return embedderChoices(manifest);
}

/** The model setting of a library that never chose one. */
export function defaultModelSetting(manifest: ModelManifest = manifestOfInstallation()): string {
  return defaultEmbedderChoice(manifest);
}

/** Why `model` cannot be stored as the model setting (not a known embedder's id or alias), or null. */
export function modelSettingProblem(model: string, manifest: ModelManifest = manifestOfInstallation()): string | null {
  const entry = manifest.models.find((m) => m.id === model || m.alias === model);
  if (entry?.role === 'embedder') return null;
  const known = embedderChoices(manifest).map((c) => `"${c.value}"`).join(', ');
  return `${entry ? `${model} is not an embedding model` : `unknown model "${model}"`}; expected one of ${known}`;
}

/**
 * Why `model` may not be chosen as the model setting — not a known embedder, or one the manifest marks unusable
 * (every scan would fail) — or null. A door reports it as `invalid_input` on the `model` field.
 */
export function modelSettingIssue(model: string, manifest: ModelManifest = manifestOfInstallation()): string | null {
  const problem = modelSettingProblem(model, manifest);
  if (problem) return `Invalid settings: model: ${problem}`;
  const entry = findModel(manifest, model);
  return entry.role === 'embedder' && entry.unusable ? `The ${model} model is not available: ${entry.unusable}` : null;
}

/** Every setting's default, the model's from the manifest. */
export function defaultSettings(manifest: ModelManifest = manifestOfInstallation()): Settings {
  return { ...structuredClone(DEFAULT_SETTINGS), model: defaultModelSetting(manifest) };
}
