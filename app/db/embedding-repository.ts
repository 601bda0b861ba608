import type { Database } from 'better-sqlite3';

/** Embeddings of one model, in face-id order: ids and one contiguous float32 array (row i = face ids[i]). */
export interface EmbeddingSet {
  modelId: string;
  dimensions: number;
  faceIds: number[];
  vectors: Float32Array;
}

/**
 * A model's face ids summed in one pass: count, highest id, the ids mod `modulus` and a 32-bit hash of each id
 * ((id² mod 2³²) · multiplier mod 2³²) mod `modulus` — app/index/face-id-fingerprint.ts computes the same in JS.
 */
export interface FaceIdSums {
  count: number;
  maxFaceId: number;
  idSum: number;
  hashSum: number;
}

/** A confirmed face of a named person with its embedding (training data). */
export interface NamedFaceEmbedding {
  personId: number;
  name: string;
  faceId: number;
  vector: Float32Array;
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

  /** Every face id with an embedding of `modelId`. */
  faceIds(modelId: string): number[] {
    return this.db.prepare('SELECT face_id FROM face_embeddings WHERE model_id = ?').pluck().all(modelId) as number[];
  }

  /** The embeddings of `faceIds`, one read each as the caller iterates (faces without one are skipped). */
  *vectorsOf(modelId: string, faceIds: Iterable<number>): Generator<[number, Float32Array]> {
    const get = this.db.prepare('SELECT vector FROM face_embeddings WHERE model_id = ? AND face_id = ?').pluck();
    for (const id of faceIds) {
      const blob = get.get(modelId, id) as Buffer | undefined;
      if (blob) yield [id, blobToVector(blob)];
    }
  }

  /** Embeddings of `modelId` whose face has none of `targetModelId` yet (what a head still has to project). */
  missingIn(modelId: string, targetModelId: string): { faceId: number; vector: Float32Array }[] {
    return (
      this.db
        .prepare(
          `SELECT e.face_id, e.vector FROM face_embeddings e WHERE e.model_id = ?
           AND NOT EXISTS (SELECT 1 FROM face_embeddings d WHERE d.model_id = ? AND d.face_id = e.face_id)`,
        )
        .all(modelId, targetModelId) as { face_id: number; vector: Buffer }[]
    ).map((r) => ({ faceId: r.face_id, vector: blobToVector(r.vector) }));
  }

  /** Drops every embedding of a model (e.g. a head's projections when it is switched off). */
  deleteModel(modelId: string): void {
    this.db.prepare('DELETE FROM face_embeddings WHERE model_id = ?').run(modelId);
  }

  /** See `FaceIdSums`; the parameters are integers the caller owns (they are part of the SQL text). */
  faceIdSums(modelId: string, hash: { multiplier: number; modulus: number }): FaceIdSums {
    const { multiplier, modulus } = hash;
    if (!Number.isSafeInteger(multiplier) || !Number.isSafeInteger(modulus)) throw new Error('faceIdSums: integer parameters expected');
    return this.db
      .prepare(
        `SELECT count(*) AS count,
                coalesce(max(face_id), 0) AS maxFaceId,
                coalesce(sum(face_id), 0) % ${modulus} AS idSum,
                coalesce(sum((((face_id * face_id) & 4294967295) * ${multiplier}) & 4294967295), 0) % ${modulus} AS hashSum
         FROM face_embeddings WHERE model_id = ?`,
      )
      .get(modelId) as FaceIdSums;
  }

  /** Embeddings of faces the user confirmed as named people, by name then face id (training data). */
  ofConfirmedNamedFaces(modelId: string): NamedFaceEmbedding[] {
    return (
      this.db
        .prepare(
          `SELECT p.id AS personId, p.name, f.id AS faceId, e.vector FROM faces f JOIN people p ON p.id = f.person_id
           JOIN face_embeddings e ON e.face_id = f.id AND e.model_id = ?
           WHERE f.assignment = 'confirmed' AND p.name IS NOT NULL ORDER BY p.name, f.id`,
        )
        .all(modelId) as { personId: number; name: string; faceId: number; vector: Buffer }[]
    ).map((r) => ({ personId: r.personId, name: r.name, faceId: r.faceId, vector: blobToVector(r.vector) }));
  }

  /** Per named person, how many confirmed faces have an embedding of `modelId` (people without any left out). */
  confirmedNamedCounts(modelId: string): { personId: number; faces: number }[] {
    return this.db
      .prepare(
        `SELECT p.id AS personId, count(*) AS faces FROM faces f JOIN people p ON p.id = f.person_id
         JOIN face_embeddings e ON e.face_id = f.id AND e.model_id = ?
         WHERE f.assignment = 'confirmed' AND p.name IS NOT NULL GROUP BY p.id`,
      )
      .all(modelId) as { personId: number; faces: number }[];
  }
}
