import type { Database } from 'better-sqlite3';

/** A stored head: what it maps, its version, re-calibrated thresholds and the metrics measured when trained. */
export interface StoredHead {
  id: number;
  kind: 'fine-tune' | 'harmonic';
  modelId: string;
  targetModelId: string;
  version: number;
  /** The serialised head, as training wrote it (JSON-safe); `EmbeddingHead.deserialize` reads it. */
  head: unknown;
  thresholds: { verify: number; auto: number };
  metrics: Record<string, unknown>;
  /** The recipe (shared/embedding-recipe.ts) of the embeddings it was trained on; null: unknown (trained before). */
  recipe: string | null;
  active: boolean;
  createdAt: number;
}

interface HeadRow {
  id: number;
  kind: 'fine-tune' | 'harmonic';
  model_id: string;
  target_model_id: string;
  version: number;
  head: string;
  thresholds: string;
  metrics: string;
  recipe: string | null;
  active: number;
  created_at: number;
}

const toHead = (r: HeadRow): StoredHead => ({
  id: r.id,
  kind: r.kind,
  modelId: r.model_id,
  targetModelId: r.target_model_id,
  version: r.version,
  head: JSON.parse(r.head) as unknown,
  thresholds: JSON.parse(r.thresholds) as { verify: number; auto: number },
  metrics: JSON.parse(r.metrics) as Record<string, unknown>,
  recipe: r.recipe,
  active: r.active === 1,
  createdAt: r.created_at,
});

/** Versioned heads per model; at most one active per (kind, model). */
export class HeadRepository {
  constructor(private readonly db: Database) {}

  save(head: Omit<StoredHead, 'id' | 'version' | 'active' | 'createdAt'>, now = Date.now()): StoredHead {
    const version =
      ((this.db.prepare('SELECT max(version) AS v FROM embedding_heads WHERE kind = ? AND model_id = ?').get(head.kind, head.modelId) as { v: number | null }).v ?? 0) + 1;
    const id = this.db
      .prepare(
        `INSERT INTO embedding_heads (kind, model_id, target_model_id, version, head, thresholds, metrics, recipe, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(head.kind, head.modelId, head.targetModelId, version, JSON.stringify(head.head), JSON.stringify(head.thresholds), JSON.stringify(head.metrics), head.recipe, now)
      .lastInsertRowid;
    return this.get(Number(id))!;
  }

  get(id: number): StoredHead | undefined {
    const row = this.db.prepare('SELECT * FROM embedding_heads WHERE id = ?').get(id) as HeadRow | undefined;
    return row && toHead(row);
  }

  list(modelId?: string): StoredHead[] {
    const rows = this.db
      .prepare(`SELECT * FROM embedding_heads ${modelId ? 'WHERE model_id = ?' : ''} ORDER BY model_id, kind, version`)
      .all(...(modelId ? [modelId] : [])) as HeadRow[];
    return rows.map(toHead);
  }

  latest(kind: StoredHead['kind'], modelId: string): StoredHead | undefined {
    const row = this.db.prepare('SELECT * FROM embedding_heads WHERE kind = ? AND model_id = ? ORDER BY version DESC LIMIT 1').get(kind, modelId) as
      | HeadRow
      | undefined;
    return row && toHead(row);
  }

  active(kind: StoredHead['kind'], modelId: string): StoredHead | undefined {
    const row = this.db.prepare('SELECT * FROM embedding_heads WHERE kind = ? AND model_id = ? AND active = 1').get(kind, modelId) as HeadRow | undefined;
    return row && toHead(row);
  }

  /** Makes `id` the active head of its kind and model (null: none active). */
  setActive(kind: StoredHead['kind'], modelId: string, id: number | null): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE embedding_heads SET active = 0 WHERE kind = ? AND model_id = ?').run(kind, modelId);
      if (id !== null) this.db.prepare('UPDATE embedding_heads SET active = 1 WHERE id = ? AND kind = ? AND model_id = ?').run(id, kind, modelId);
    })();
  }
}
