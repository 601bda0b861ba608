import type { Database } from 'better-sqlite3';
import { EmbeddingRepository, type EmbeddingSet } from '../db/embedding-repository.js';
import { FACE_ID_FINGERPRINT_SQL, fingerprintFromRow, type IdSetFingerprint } from './face-id-fingerprint.js';

/**
 * What a face index needs from the source of truth: a fingerprint of a model's face ids (to check an index file),
 * every embedding (to rebuild) and single embeddings (to spot-check vectors). The port between app/index and SQLite.
 */
export interface FaceIndexSource {
  fingerprint(modelId: string): IdSetFingerprint;
  all(modelId: string, dimensions: number): EmbeddingSet;
  get(faceId: number, modelId: string): Float32Array | undefined;
}

/** The face index's view of a library database: EmbeddingRepository plus the fingerprint query. */
export function sqliteFaceIndexSource(db: Database): FaceIndexSource {
  const embeddings = new EmbeddingRepository(db);
  const fingerprint = db.prepare(FACE_ID_FINGERPRINT_SQL);
  return {
    fingerprint: (modelId) =>
      fingerprintFromRow(fingerprint.get(modelId) as { count: number; maxFaceId: number; idSum: number; hashSum: number }),
    all: (modelId, dimensions) => embeddings.all(modelId, dimensions),
    get: (faceId, modelId) => embeddings.get(faceId, modelId),
  };
}
