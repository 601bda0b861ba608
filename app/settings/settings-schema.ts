/**
 * The user's settings: their schema (validated on every write and on every read from the database), the defaults,
 * and the choices a settings screen offers. Browser-safe: zod only.
 */
import { z } from 'zod';
import { EXECUTION_PROVIDER_CHOICES, WRITE_BACK_CHOICES } from './settings-choices.js';

export { EXECUTION_PROVIDER_CHOICES, WRITE_BACK_CHOICES } from './settings-choices.js';

/** L2 distance between unit-length embeddings, up to 2 (opposite); 0 would match no two photos, so it is refused. */
const distance = z.number().gt(0).max(2);

/** Thresholds; null means "the model's calibrated value" (thresholds belong to a model, not to the library). */
const thresholdFields = {
  /** Minimum detector confidence for a face to be kept. */
  detection: z.number().min(0).max(1).nullable(),
  /** Distance under which a face is assigned to a person without asking. */
  recognition: distance.nullable(),
  /** Distance under which a face is offered for review ("same person?"). */
  suggestion: distance.nullable(),
};

/** Automatic naming must be at least as strict as suggesting: the issue goes on both fields, either may be the one to fix. */
export const ThresholdsSchema = z.strictObject(thresholdFields).superRefine((t, ctx) => {
  if (t.recognition === null || t.suggestion === null || t.recognition <= t.suggestion) return;
  ctx.addIssue({ code: 'custom', path: ['recognition'], message: `must not exceed the suggestion distance (${t.suggestion})` });
  ctx.addIssue({ code: 'custom', path: ['suggestion'], message: `must be at least the recognition distance (${t.recognition})` });
});

export const SettingsSchema = z.strictObject({
  /**
   * The embedding model: an embedder's alias (or id) from the model manifest. Which names exist is the manifest's
   * business, checked by the Node side (`checkModelSetting`, model-setting.ts): this schema stays browser-safe.
   */
  model: z.string().min(1),
  executionProvider: z.enum(EXECUTION_PROVIDER_CHOICES),
  thresholds: ThresholdsSchema,
  /** Import face regions and names that other apps wrote into the photos' metadata (XMP/MWG). */
  importMetadata: z.boolean(),
  /** Write confirmed names back into the photos: not at all, into `.xmp` sidecars, or into the photo files. */
  writeBackRegions: z.enum(WRITE_BACK_CHOICES),
  /** The desktop app shows a system notification when a long job ends while its window is in the background. */
  notifyWhenJobsEnd: z.boolean(),
});

export type Settings = z.output<typeof SettingsSchema>;
export type Thresholds = Settings['thresholds'];

/** A change to some settings; thresholds may be changed one at a time. */
export const SettingsPatchSchema = z.strictObject({
  model: SettingsSchema.shape.model.optional(),
  executionProvider: SettingsSchema.shape.executionProvider.optional(),
  thresholds: z.strictObject(thresholdFields).partial().optional(),
  importMetadata: z.boolean().optional(),
  writeBackRegions: SettingsSchema.shape.writeBackRegions.optional(),
  notifyWhenJobsEnd: z.boolean().optional(),
});

export type SettingsPatch = z.input<typeof SettingsPatchSchema>;

/**
 * The defaults. `model` is a stand-in: the default model is the manifest's default embedder, `defaultSettings()` of
 * model-setting.ts (Node), which readers of the store should start from.
 */
export const DEFAULT_SETTINGS: Settings = {
  model: 'accurate',
  executionProvider: 'auto',
  thresholds: { detection: null, recognition: null, suggestion: null },
  importMetadata: true,
  writeBackRegions: 'off',
  notifyWhenJobsEnd: true,
};

/** The settings after a patch (not yet validated as a whole: the caller runs SettingsSchema on the result). */
export function applySettingsPatch(settings: Settings, patch: z.output<typeof SettingsPatchSchema>): Settings {
  return {
    model: patch.model ?? settings.model,
    executionProvider: patch.executionProvider ?? settings.executionProvider,
    thresholds: { ...settings.thresholds, ...stripUndefined(patch.thresholds ?? {}) },
    importMetadata: patch.importMetadata ?? settings.importMetadata,
    writeBackRegions: patch.writeBackRegions ?? settings.writeBackRegions,
    notifyWhenJobsEnd: patch.notifyWhenJobsEnd ?? settings.notifyWhenJobsEnd,
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
