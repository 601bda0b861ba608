/**
 * Fine-tuning as a use case, the same for `kindred train` and the app's Training view: the training faces (albums
 * through the real pipeline, plus the faces confirmed in the library), the triplet-loss run, the head stored with
 * its metrics; and switching a head on or off, after which recognition catches up with the new embeddings.
 */
import type { Library } from '../db/library.js';
import type { StoredHead } from '../db/head-repository.js';
import { fineTune, type FineTuneResult } from '../training/fine-tune.js';
import { trainHarmonic, type HarmonicResult } from '../training/harmonic.js';
import type { EpochRecord } from '../training/trainer.js';
type HarmonicEpochRecord = EpochRecord;
import { mergeLabeledSets, type LabeledFaceSet } from '../training/labeled-face-set.js';
import { loadManifest, type EmbedderEntry } from '../shared/model-manifest.js';
import { embeddingRecipe } from '../shared/embedding-recipe.js';
import { requireCurrentRecipe } from './embedding-recipe-change.js';
import { FaceAnalysisPool } from '../vision/face-analysis-pool.js';
import { activateHead, deactivateHead, requireFreshHead } from './apply-head.js';
import { refreshPeople } from './refresh-people.js';
import { albumTrainingData, libraryTrainingData } from './training-data.js';
import type { GroupingSummary } from '../people/people-grouping.js';

export interface TrainHeadOptions {
  /** "Album = person" folders to train on too. */
  albums?: readonly string[];
  /** Add the faces the user confirmed as named people (default true). */
  useLibrary?: boolean;
  epochs: number;
  seed: number;
  signal?: AbortSignal;
  onEpoch?: (record: EpochRecord) => void;
}

/** The faces a run trains on, read when it starts (so faces confirmed until then count). */
export async function trainingFaces(library: Library, entry: EmbedderEntry, albums: readonly string[], useLibrary = true): Promise<LabeledFaceSet> {
  const sets: LabeledFaceSet[] = [];
  if (albums.length > 0) {
    const pool = new FaceAnalysisPool({ embedder: entry.id });
    try {
      sets.push(await albumTrainingData(albums, pool));
    } finally {
      await pool.close();
    }
  }
  if (useLibrary) sets.push(libraryTrainingData(library, entry.id));
  return mergeLabeledSets(...sets);
}

/** Trains a head for `entry` and stores it (not yet switched on). A run cancelled before it ends stores nothing. */
export async function trainHead(library: Library, entry: EmbedderEntry, options: TrainHeadOptions): Promise<{ stored: StoredHead; result: FineTuneResult }> {
  const manifest = loadManifest();
  // Album faces are embedded now, with the manifest's recipe: the library's must be of the same one.
  if (options.useLibrary ?? true) requireCurrentRecipe(library, manifest, entry, 'Cannot train on the library yet');
  const data = await trainingFaces(library, entry, options.albums ?? [], options.useLibrary ?? true);
  const result = await fineTune(data, {
    epochs: options.epochs,
    seed: options.seed,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
  });
  // The worker may have finished before it heard of the cancel.
  options.signal?.throwIfAborted();
  const stored = library.heads.save({
    kind: 'fine-tune',
    modelId: entry.id,
    targetModelId: entry.id,
    recipe: embeddingRecipe(manifest, entry),
    head: result.head.serialize(),
    thresholds: result.thresholds,
    metrics: {
      before: result.before,
      after: result.after,
      bestEpoch: result.bestEpoch,
      history: result.history,
      people: result.people,
      trainFaces: result.trainFaces,
      validationFaces: result.validationFaces,
    },
  });
  return { stored, result };
}

export interface TrainHarmonicOptions {
  albums: readonly string[];
  epochs: number;
  seed: number;
  signal?: AbortSignal;
  onEpoch?: (record: HarmonicEpochRecord) => void;
}

/**
 * Learns the map that makes `from`'s embeddings comparable with `to`'s ("harmonic" embeddings), on album faces
 * embedded by both models, and stores it as a harmonic head of `from`.
 */
export async function trainHarmonicHead(library: Library, from: EmbedderEntry, to: EmbedderEntry, options: TrainHarmonicOptions): Promise<{ stored: StoredHead; result: HarmonicResult }> {
  if (from.id === to.id) throw new Error(`a harmonic map joins two different models (both are ${from.id})`);
  const fromSet = await trainingFaces(library, from, options.albums, false);
  const toSet = await trainingFaces(library, to, options.albums, false);
  const result = await trainHarmonic(fromSet, toSet, {
    epochs: options.epochs,
    seed: options.seed,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
  });
  const stored = library.heads.save({
    kind: 'harmonic',
    modelId: from.id,
    targetModelId: to.id,
    // Both sides embedded now from the albums: the recipe of `from`'s vectors it maps.
    recipe: embeddingRecipe(loadManifest(), from),
    head: result.head.serialize(),
    thresholds: { verify: to.thresholds['verify'] ?? 0, auto: to.thresholds['auto'] ?? 0 },
    metrics: { leastSquares: result.leastSquares, after: result.after, bestEpoch: result.bestEpoch, history: result.history },
  });
  return { stored, result };
}

/**
 * Switches `entry`'s fine-tuned head: a stored head's id, or null for the frozen model. Faces are re-projected and
 * recognition catches up, so people reflect the head in use.
 */
export async function switchHead(library: Library, entry: EmbedderEntry, headId: number | null): Promise<{ active: StoredHead | null; people: GroupingSummary }> {
  const heads = library.heads;
  let active: StoredHead | null = null;
  if (headId === null) deactivateHead(library, entry.id);
  else {
    const head = heads.get(headId);
    if (!head || head.kind !== 'fine-tune' || head.modelId !== entry.id) throw new HeadNotFoundError(`No fine-tuned head with id ${headId} for ${entry.id}`);
    requireFreshHead(library, head);
    // The old head's projections and index go, so a later switch back starts clean.
    if (heads.active('fine-tune', entry.id)?.id !== head.id) deactivateHead(library, entry.id);
    active = activateHead(library, head.id);
  }
  return { active, people: await refreshPeople(library, entry) };
}

/** The head asked for does not exist for this model (a user error, not a failure). */
export class HeadNotFoundError extends Error {
  override name = 'HeadNotFoundError';
}
