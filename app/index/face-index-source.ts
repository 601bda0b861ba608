import type { EmbeddingRepository, EmbeddingSet } from '../db/embedding-repository.js';
import { FINGERPRINT_HASH, fingerprintFromRow, type IdSetFingerprint } from './face-id-fingerprint.js';

/**
 * What a face index needs from the source of truth: a fingerprint of a model's face ids (to check an index file),
 * every embedding (to rebuild) and single embeddings (to spot-check vectors). The port between app/index and SQLite.
 */
export interface FaceIndexSource {
  fingerprint(modelId: string): IdSetFingerprint;
  all(modelId: string, dimensions: number): EmbeddingSet;
  get(faceId: number, modelId: string): Float32Array | undefined;
}

/** The face index's view of a library database: the embeddings repository plus the fingerprint pass. */
export function sqliteFaceIndexSource(embeddings: EmbeddingRepository): FaceIndexSource {
  return {
    fingerprint: (modelId) => fingerprintFromRow(embeddings.faceIdSums(modelId, FINGERPRINT_HASH)),
    all: (modelId, dimensions) => embeddings.all(modelId, dimensions),
    get: (faceId, modelId) => embeddings.get(faceId, modelId),
  };
}
