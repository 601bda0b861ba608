import { stat } from 'node:fs/promises';
import { sameFingerprint, type IdSetFingerprint } from './face-id-fingerprint.js';
import {
  DEFAULT_FACE_INDEX_PARAMS,
  describe,
  FaceIndex,
  StaleIndexError,
  type BuildOptions,
  type FaceIndexParams,
} from './face-index.js';
import {
  faceIndexPaths,
  readFaceIndexHeader,
  removeStaleTempFiles,
  sha256File,
  type FaceIndexHeader,
  type FaceIndexPaths,
} from './face-index-header.js';
import type { EfTuningOptions } from './ef-tuning.js';
import type { FaceIndexSource } from './face-index-source.js';
import { hnswLayoutMismatch, readHnswFileHeader } from './hnsw-file-layout.js';

export interface OpenFaceIndexOptions extends BuildOptions {
  /**
   * Overrides of DEFAULT_FACE_INDEX_PARAMS; a saved index built with another M or efConstruction is rebuilt. Without
   * an efSearch, a loaded index uses the one saved with it and a rebuild tunes it (ef-tuning.ts) from the default.
   */
  params?: Partial<FaceIndexParams>;
  /** Tuning of efSearch on rebuild (false: keep the default); ignored when params.efSearch is given. */
  tune?: EfTuningOptions | false;
  /** Where the reason for a rebuild goes (default console.warn). */
  log?: (message: string) => void;
  /** Stored vectors compared with SQLite's on load (evenly spaced over the ids, the highest included); default 8. */
  spotChecks?: number;
}

/** A rebuild is cheaper than carrying more dead elements than this share of the graph. */
const MAX_DELETED_SHARE = 0.25;

/**
 * Opens the index of `modelId` kept in `indexDir`, trusting the saved file only when it agrees with the database:
 * header parses and names this model, dimensions, graph parameters and the recipe the database records for the
 * model's vectors; the database's fingerprint of the model's face ids (count, highest id, checksum — one SQL pass)
 * equals the header's; the file has the size and sha256 the header recorded and an hnswlib header of the expected
 * layout; it loads; its live labels match the header; and a few stored vectors equal SQLite's. Otherwise (missing, stale, truncated, corrupt, too many deletions) it is
 * rebuilt from SQLite (efSearch tuned on held-out faces), saved, and the reason logged and kept in `origin`.
 * A rebuild runs on this thread apart from yields every 1024 faces: call it from a worker where that matters.
 *
 * Not checked: a face whose embedding was replaced in SQLite without changing ids, unless the spot check samples it.
 * Callers that re-embed a face call `index.add` with the new vector, which replaces it in the index as well; a new
 * recipe re-embeds every face only after recording itself (workflows/embedding-recipe-change.ts), which this checks.
 */
export async function openFaceIndex(
  source: FaceIndexSource,
  indexDir: string,
  modelId: string,
  dimensions: number,
  options: OpenFaceIndexOptions = {},
): Promise<FaceIndex> {
  const params: FaceIndexParams = { ...DEFAULT_FACE_INDEX_PARAMS, ...options.params };
  const paths = faceIndexPaths(indexDir, modelId);
  const log = options.log ?? ((message: string) => console.warn(message));
  let reason: string;
  try {
    return await loadChecked(source, paths, modelId, dimensions, params, options.params?.efSearch, options.spotChecks ?? 8);
  } catch (error) {
    if (!(error instanceof StaleIndexError)) throw error;
    reason = error.message;
  }
  log(`face index ${modelId}: rebuilding from the database: ${reason}`);
  for (const leftover of await removeStaleTempFiles(indexDir, paths.index)) log(`face index ${modelId}: removed ${leftover} (left by an interrupted save)`);
  const started = performance.now();
  const tune = options.params?.efSearch === undefined ? (options.tune ?? {}) : false;
  // The recipe is read with the vectors (one synchronous stretch), so the index is labelled with what it holds.
  const recipe = source.recipe(modelId);
  const index = await FaceIndex.build(indexDir, modelId, dimensions, source.all(modelId, dimensions), params, { ...options, tune, reason, recipe });
  try {
    await index.save();
  } catch (error) {
    // The index works in memory; without its file the next open rebuilds again.
    log(`face index ${modelId}: could not save the rebuilt index (${(error as Error).message})`);
  }
  const tuned = index.efTuning ? `, efSearch ${index.efSearch} (recall@10 ${index.efTuning.recall.toFixed(3)} on ${index.efTuning.queries} held-out faces)` : '';
  log(`face index ${modelId}: rebuilt ${describe(index.fingerprint())} in ${((performance.now() - started) / 1000).toFixed(1)} s${tuned}`);
  return index;
}

async function loadChecked(
  source: FaceIndexSource,
  paths: FaceIndexPaths,
  modelId: string,
  dimensions: number,
  params: FaceIndexParams,
  efSearch: number | undefined,
  spotChecks: number,
): Promise<FaceIndex> {
  const header = await readHeader(paths.header);
  const mismatch = headerMismatch(header, modelId, dimensions, params, source.fingerprint(modelId), source.recipe(modelId));
  if (mismatch) throw new StaleIndexError(mismatch);

  const fileBytes = await stat(paths.index).then(
    (s) => s.size,
    () => null,
  );
  if (fileBytes === null) throw new StaleIndexError('index file is missing');
  if (fileBytes !== header.indexBytes) {
    throw new StaleIndexError(`index file is ${fileBytes} bytes, its header says ${header.indexBytes} (truncated or replaced)`);
  }
  if ((await sha256File(paths.index)) !== header.indexSha256) {
    throw new StaleIndexError('index file is damaged (its sha256 differs from the one saved)');
  }
  const layout = await readHnswFileHeader(paths.index).catch((error: Error) => {
    throw new StaleIndexError(error.message);
  });
  const layoutMismatch = hnswLayoutMismatch(layout, { ...header, ...header.params, fileBytes });
  if (layoutMismatch) throw new StaleIndexError(layoutMismatch);

  const index = await FaceIndex.load(paths, header, { ...params, efSearch: efSearch ?? header.params.efSearch });
  const vectorMismatch = spotCheck(index, source, spotChecks);
  if (vectorMismatch) throw new StaleIndexError(vectorMismatch);
  return index;
}

async function readHeader(path: string): Promise<FaceIndexHeader> {
  try {
    return await readFaceIndexHeader(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new StaleIndexError(code === 'ENOENT' ? 'no index header (first open, or the files were removed)' : (error as Error).message);
  }
}

/** Why a header cannot describe the index this database needs, or null. Pure: exported for tests. */
export function headerMismatch(
  header: FaceIndexHeader,
  modelId: string,
  dimensions: number,
  params: FaceIndexParams,
  database: IdSetFingerprint,
  recipe: string | null = null,
): string | null {
  if (header.modelId !== modelId) return `header is for model ${header.modelId}, not ${modelId}`;
  if (header.recipe !== recipe) return `built from vectors of recipe ${header.recipe ?? 'unknown'}; the database holds ${recipe ?? 'unknown'}`;
  if (header.dimensions !== dimensions) return `header says ${header.dimensions} dimensions, the model has ${dimensions}`;
  if (header.params.m !== params.m || header.params.efConstruction !== params.efConstruction) {
    return `built with M ${header.params.m}, efConstruction ${header.params.efConstruction}; wanted ${params.m}, ${params.efConstruction}`;
  }
  if (!sameFingerprint(header, database)) {
    const same = header.count === database.count && header.maxFaceId === database.maxFaceId;
    return same
      ? `stale: same count and highest id as the database but other faces (checksum ${header.idChecksum} vs ${database.idChecksum})`
      : `stale: index has ${describe(header)}, database has ${describe(database)}`;
  }
  if (header.deletedFaceIds.length > 64 && header.deletedFaceIds.length > header.elements * MAX_DELETED_SHARE) {
    return `compacting: ${header.deletedFaceIds.length} of ${header.elements} elements are deleted`;
  }
  return null;
}

/** Compares a few stored vectors with SQLite's: catches an index file built from another database. */
function spotCheck(index: FaceIndex, source: FaceIndexSource, samples: number): string | null {
  const ids = index.faceIds();
  if (ids.length === 0 || samples <= 0) return null;
  const picks = new Set<number>();
  for (let s = 0; s < samples; s++) picks.add(ids[Math.round((s * (ids.length - 1)) / Math.max(1, samples - 1))]!);
  for (const faceId of picks) {
    const stored = index.vector(faceId);
    const truth = source.get(faceId, index.modelId);
    if (!stored || !truth || truth.length !== stored.length) return `face ${faceId} is missing from the index or the database`;
    let norm = 0;
    for (const v of truth) norm += v * v;
    norm = Math.sqrt(norm);
    for (let i = 0; i < stored.length; i++) {
      if (Math.abs(stored[i]! - truth[i]! / norm) > 1e-5) return `face ${faceId}'s vector differs from the database's`;
    }
  }
  return null;
}
