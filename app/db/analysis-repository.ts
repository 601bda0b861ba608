import type { Database } from 'better-sqlite3';
import type { ModelEntry } from '../shared/model-manifest.js';

/** A photo awaiting analysis by a model, with a readable path and any faces found earlier (by another model). */
export interface PhotoToAnalyse {
  photoId: number;
  path: string;
}

/** Which photos each model has analysed; the models table the foreign keys point at. */
export class AnalysisRepository {
  constructor(private readonly db: Database) {}

  /** Records a manifest model in the library (idempotent); every stored embedding names its model. */
  registerModel(entry: ModelEntry, now = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO models (id, role, sha256, embedding_size, registered_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET sha256 = excluded.sha256`,
      )
      .run(entry.id, entry.role, entry.sha256 ?? '', entry.role === 'embedder' ? entry.embeddingSize : null, now);
  }

  /** Records a model derived from an embedder (a head's projections): no file of its own (idempotent, kept as is). */
  registerDerivedEmbedder(id: string, embeddingSize: number, now = Date.now()): void {
    this.db
      .prepare(`INSERT OR IGNORE INTO models (id, role, sha256, embedding_size, registered_at) VALUES (?, 'embedder', '', ?, ?)`)
      .run(id, embeddingSize, now);
  }

  /** Photos with a readable file that `modelId` has not analysed yet, in id order after `afterId`. */
  pending(modelId: string, afterId: number, limit: number): PhotoToAnalyse[] {
    return this.db
      .prepare(
        `SELECT p.id AS photoId, (SELECT f.path FROM files f WHERE f.photo_id = p.id AND f.status = 'ok' ORDER BY f.id LIMIT 1) AS path
         FROM photos p
         WHERE p.id > ? AND NOT EXISTS (SELECT 1 FROM photo_analyses a WHERE a.photo_id = p.id AND a.model_id = ?)
           AND EXISTS (SELECT 1 FROM files f WHERE f.photo_id = p.id AND f.status = 'ok')
         ORDER BY p.id LIMIT ?`,
      )
      .all(afterId, modelId, limit) as PhotoToAnalyse[];
  }

  countPending(modelId: string): number {
    return (
      this.db
        .prepare(
          `SELECT count(*) AS n FROM photos p
           WHERE NOT EXISTS (SELECT 1 FROM photo_analyses a WHERE a.photo_id = p.id AND a.model_id = ?)
             AND EXISTS (SELECT 1 FROM files f WHERE f.photo_id = p.id AND f.status = 'ok')`,
        )
        .get(modelId) as { n: number }
    ).n;
  }

  record(photoId: number, modelId: string, detectorId: string, faceCount: number, error: string | null, now = Date.now()): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO photo_analyses (photo_id, model_id, detector_id, face_count, analysed_at, error)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(photoId, modelId, detectorId, faceCount, now, error);
  }

  /** Whether a detector already ran on this photo (for any embedder): then only embeddings are missing. */
  wasDetected(photoId: number): boolean {
    return this.db.prepare('SELECT 1 FROM photo_analyses WHERE photo_id = ? LIMIT 1').get(photoId) !== undefined;
  }
}
