import type { EmbeddingRepository, EmbeddingSet } from '../db/embedding-repository.js';
import { FINGERPRINT_HASH, fingerprintFromRow, type IdSetFingerprint } from './face-id-fingerprint.js';

/**
 * What a face index needs from the source of truth: a fingerprint of a model's face ids (to check an index file),
 * every embedding (to rebuild) and single embeddings (to spot-check vectors). The port between app/index and SQLite.
 */
export interface FaceIndexSource {
  fingerprint(modelId: string): IdSetFingerprint;
  /** The recipe of the model's stored vectors (null: unknown): an index of another recipe's vectors is stale. */
  recipe(modelId: string): string | null;
  all(modelId: string, dimensions: number): EmbeddingSet;
  get(faceId: number, modelId: string): Float32Array | undefined;
}

/**
 * The face index's view of a library database: the embeddings repository plus the fingerprint pass, and where the
 * models' recipes are recorded (none: every recipe unknown).
 */
export function sqliteFaceIndexSource(
  embeddings: EmbeddingRepository,
  models: { recipeOf(modelId: string): string | null | undefined } = { recipeOf: () => null },
): FaceIndexSource {
  return {
    fingerprint: (modelId) => fingerprintFromRow(embeddings.faceIdSums(modelId, FINGERPRINT_HASH)),
    recipe: (modelId) => models.recipeOf(modelId) ?? null,
    all: (modelId, dimensions) => embeddings.all(modelId, dimensions),
    get: (faceId, modelId) => embeddings.get(faceId, modelId),
  };
}
