import type { Database } from 'better-sqlite3';
import type { DetectorEntry, EmbedderEntry } from '../shared/model-manifest.js';

/** A photo awaiting analysis by a model, with a readable path and any faces found earlier (by another model). */
export interface PhotoToAnalyse {
  photoId: number;
  path: string;
  /** Analysed before, its faces kept: only their embeddings of the model's current recipe are missing. */
  reembed: boolean;
}

/** Which photos each model has analysed; the models table the foreign keys point at. */
export class AnalysisRepository {
  constructor(private readonly db: Database) {}

  /**
   * Records a manifest model in the library (idempotent); every stored face and embedding names its model. (Landmark
   * nets store nothing of their own: they only shape the embedder's crop.)
   */
  registerModel(entry: DetectorEntry | EmbedderEntry, recipe: string | null = null, now = Date.now()): void {
    // A new row takes the recipe of what it will store; an existing one keeps its own until `adoptRecipe`.
    this.db
      .prepare(
        `INSERT INTO models (id, role, sha256, embedding_size, registered_at, recipe) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET sha256 = excluded.sha256`,
      )
      .run(entry.id, entry.role, entry.sha256 ?? '', entry.role === 'embedder' ? entry.embeddingSize : null, now, recipe);
  }

  /**
   * The recipe of the model's stored embeddings: null when unknown (stored before recipes were recorded), undefined
   * when the library has never registered the model (it stores nothing of it).
   */
  recipeOf(modelId: string): string | null | undefined {
    return this.db.prepare('SELECT recipe FROM models WHERE id = ?').pluck().get(modelId) as string | null | undefined;
  }

  /**
   * The model's stored embeddings no longer match `recipe`: marks every photo it analysed to be embedded again and
   * records the new recipe. The caller drops the old embeddings in the same transaction. Returns the photos marked.
   */
  adoptRecipe(modelId: string, recipe: string): number {
    const marked = this.db.prepare('UPDATE photo_analyses SET reembed = 1 WHERE model_id = ? AND error IS NULL').run(modelId).changes;
    this.db.prepare('UPDATE models SET recipe = ? WHERE id = ?').run(recipe, modelId);
    return marked;
  }

  /** Photos whose faces still wait for embeddings of `modelId`'s current recipe. */
  countReembedPending(modelId: string): number {
    return this.db.prepare('SELECT count(*) FROM photo_analyses WHERE model_id = ? AND reembed = 1').pluck().get(modelId) as number;
  }

  /** The photo's faces have their embeddings of the current recipe again (names stay imported as they were). */
  recordReembedded(photoId: number, modelId: string, now = Date.now()): void {
    this.db.prepare('UPDATE photo_analyses SET reembed = 0, analysed_at = ? WHERE photo_id = ? AND model_id = ?').run(now, photoId, modelId);
  }

  /**
   * Re-embedding a photo failed for good (its file no longer decodes): recorded, and its faces stay without
   * embeddings. A failure worth another try leaves the photo marked, for the next scan.
   */
  recordReembedFailure(photoId: number, modelId: string, error: string, now = Date.now()): void {
    this.db.prepare('UPDATE photo_analyses SET reembed = 0, error = ?, analysed_at = ? WHERE photo_id = ? AND model_id = ?').run(error, now, photoId, modelId);
  }

  /** Records a model derived from an embedder (a head's projections): no file of its own (idempotent, kept as is). */
  registerDerivedEmbedder(id: string, embeddingSize: number, now = Date.now()): void {
    this.db
      .prepare(`INSERT OR IGNORE INTO models (id, role, sha256, embedding_size, registered_at) VALUES (?, 'embedder', '', ?, ?)`)
      .run(id, embeddingSize, now);
  }

  /**
   * Photos with a readable file that `modelId` has not analysed yet (or whose analysis failed in a way worth another
   * try, or whose faces wait to be embedded again for a new recipe), in id order after `afterId`.
   */
  pending(modelId: string, afterId: number, limit: number): PhotoToAnalyse[] {
    return (this.db
      .prepare(
        `SELECT p.id AS photoId, (SELECT f.path FROM files f WHERE f.photo_id = p.id AND f.status = 'ok' ORDER BY f.id LIMIT 1) AS path,
                EXISTS (SELECT 1 FROM photo_analyses a WHERE a.photo_id = p.id AND a.model_id = @modelId AND a.reembed = 1) AS reembed
         FROM photos p
         WHERE p.id > @afterId AND NOT EXISTS (SELECT 1 FROM photo_analyses a WHERE a.photo_id = p.id AND a.model_id = @modelId AND a.retry = 0 AND a.reembed = 0)
           AND EXISTS (SELECT 1 FROM files f WHERE f.photo_id = p.id AND f.status = 'ok')
         ORDER BY p.id LIMIT @limit`,
      )
      .all({ modelId, afterId, limit }) as (Omit<PhotoToAnalyse, 'reembed'> & { reembed: number })[]).map((r) => ({ ...r, reembed: r.reembed === 1 }));
  }

  countPending(modelId: string): number {
    return (
      this.db
        .prepare(
          `SELECT count(*) AS n FROM photos p
           WHERE NOT EXISTS (SELECT 1 FROM photo_analyses a WHERE a.photo_id = p.id AND a.model_id = ? AND a.retry = 0 AND a.reembed = 0)
             AND EXISTS (SELECT 1 FROM files f WHERE f.photo_id = p.id AND f.status = 'ok')`,
        )
        .get(modelId) as { n: number }
    ).n;
  }

  /** Records a successful analysis: its names (XMP regions) are still to be imported. */
  record(photoId: number, modelId: string, detectorId: string, faceCount: number, now = Date.now()): void {
    this.put(photoId, modelId, detectorId, faceCount, null, false, now);
  }

  /**
   * Records a failed analysis and why. `retry`: the failure was not the photo's (a worker crashed, a task timed out, a
   * disk or a network share failed), so the photo stays pending; otherwise it is recorded for good.
   */
  recordFailure(photoId: number, modelId: string, detectorId: string, error: string, retry: boolean, now = Date.now()): void {
    this.put(photoId, modelId, detectorId, 0, error, retry, now);
  }

  private put(photoId: number, modelId: string, detectorId: string, faceCount: number, error: string | null, retry: boolean, now: number): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO photo_analyses (photo_id, model_id, detector_id, face_count, analysed_at, error, retry, names_imported)
         VALUES (?, ?, ?, ?, ?, ?, ?, 0)`,
      )
      .run(photoId, modelId, detectorId, faceCount, now, error, retry ? 1 : 0);
  }

  /** Forgets every analysis of a photo (its pixels changed): every model analyses it again. */
  forget(photoId: number): void {
    this.db.prepare('DELETE FROM photo_analyses WHERE photo_id = ?').run(photoId);
  }

  /** The failure recorded for a photo and model, if its last analysis failed. */
  failure(photoId: number, modelId: string): { error: string; retry: boolean } | undefined {
    const row = this.db
      .prepare('SELECT error, retry FROM photo_analyses WHERE photo_id = ? AND model_id = ? AND error IS NOT NULL')
      .get(photoId, modelId) as { error: string; retry: number } | undefined;
    return row && { error: row.error, retry: row.retry === 1 };
  }

  /**
   * Photos `modelId` analysed whose names (XMP face regions) are not imported yet, with a readable file, in id order
   * after `afterId`: the ones a scan analysed, and those an earlier scan analysed but stopped before importing.
   */
  namesPending(modelId: string, afterId: number, limit: number): number[] {
    return this.db
      .prepare(
        `SELECT a.photo_id FROM photo_analyses a
         WHERE a.model_id = ? AND a.photo_id > ? AND a.error IS NULL AND a.names_imported = 0
           AND EXISTS (SELECT 1 FROM files f WHERE f.photo_id = a.photo_id AND f.status = 'ok')
         ORDER BY a.photo_id LIMIT ?`,
      )
      .pluck()
      .all(modelId, afterId, limit) as number[];
  }

  countNamesPending(modelId: string): number {
    return this.db
      .prepare(
        `SELECT count(*) FROM photo_analyses a
         WHERE a.model_id = ? AND a.error IS NULL AND a.names_imported = 0
           AND EXISTS (SELECT 1 FROM files f WHERE f.photo_id = a.photo_id AND f.status = 'ok')`,
      )
      .pluck()
      .get(modelId) as number;
  }

  /** Records that the names of these photos were imported after their analysis by `modelId`. */
  markNamesImported(modelId: string, photoIds: readonly number[]): void {
    const mark = this.db.prepare('UPDATE photo_analyses SET names_imported = 1 WHERE photo_id = ? AND model_id = ?');
    this.db.transaction(() => {
      for (const id of photoIds) mark.run(id, modelId);
    })();
  }

  /**
   * Whether a detector already ran on this photo (for any embedder): then only embeddings are missing. A failure to
   * be tried again does not count (the detector has yet to run); a photo that does not decode is as done as it gets.
   */
  wasDetected(photoId: number): boolean {
    return this.db.prepare('SELECT 1 FROM photo_analyses WHERE photo_id = ? AND (error IS NULL OR retry = 0) LIMIT 1').get(photoId) !== undefined;
  }
}
