import type { Database } from 'better-sqlite3';

/** Embeddings of one model, in face-id order: ids and one contiguous float32 array (row i = face ids[i]). */
export interface EmbeddingSet {
  modelId: string;
  dimensions: number;
  faceIds: number[];
  vectors: Float32Array;
}

/** float32 little-endian bytes (the host order of every platform Kindred ships on). */
export function vectorToBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

export function blobToVector(blob: Buffer): Float32Array {
  // Copy: the blob's memory belongs to SQLite's row buffer and may not be 4-byte aligned.
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return new Float32Array(copy.buffer);
}

/** Embeddings table: one L2-normalised vector per face and model; models never mix. */
export class EmbeddingRepository {
  constructor(private readonly db: Database) {}

  put(faceId: number, modelId: string, vector: Float32Array): void {
    this.db
      .prepare('INSERT OR REPLACE INTO face_embeddings (face_id, model_id, vector) VALUES (?, ?, ?)')
      .run(faceId, modelId, vectorToBlob(vector));
  }

  get(faceId: number, modelId: string): Float32Array | undefined {
    const row = this.db.prepare('SELECT vector FROM face_embeddings WHERE model_id = ? AND face_id = ?').get(modelId, faceId) as
      | { vector: Buffer }
      | undefined;
    return row && blobToVector(row.vector);
  }

  /** Every embedding of a model (for index rebuilds, clustering and evaluation). */
  all(modelId: string, dimensions: number): EmbeddingSet {
    const rows = this.db
      .prepare('SELECT face_id, vector FROM face_embeddings WHERE model_id = ? ORDER BY face_id')
      .all(modelId) as { face_id: number; vector: Buffer }[];
    const vectors = new Float32Array(rows.length * dimensions);
    rows.forEach((r, i) => {
      if (r.vector.byteLength !== dimensions * 4) throw new Error(`face ${r.face_id}: embedding of ${r.vector.byteLength / 4} values, expected ${dimensions}`);
      vectors.set(blobToVector(r.vector), i * dimensions);
    });
    return { modelId, dimensions, faceIds: rows.map((r) => r.face_id), vectors };
  }

  /** Count and highest face id of a model's embeddings: how an index file is checked against the database. */
  summary(modelId: string): { count: number; maxFaceId: number } {
    const row = this.db
      .prepare('SELECT count(*) AS count, coalesce(max(face_id), 0) AS maxFaceId FROM face_embeddings WHERE model_id = ?')
      .get(modelId) as { count: number; maxFaceId: number };
    return row;
  }
}
