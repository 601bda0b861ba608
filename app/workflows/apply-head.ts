import { rmSync } from 'node:fs';
import { blobToVector, EmbeddingRepository } from '../db/embedding-repository.js';
import { faceIndexPaths } from '../index/face-index-header.js';
import type { Library } from '../db/library.js';
import type { EmbedderEntry } from '../shared/model-manifest.js';
import { EmbeddingHead } from '../training/embedding-head.js';
import { HeadRepository, type StoredHead } from '../db/head-repository.js';

/** The model id under which a head's projections of `modelId` embeddings are stored (e.g. dlib-resnet-128.ft3). */
export function derivedModelId(head: Pick<StoredHead, 'modelId' | 'version' | 'kind'>): string {
  return `${head.modelId}.${head.kind === 'fine-tune' ? 'ft' : 'hm'}${head.version}`;
}

/** What recognition and clustering of a model's faces should use: the raw model, or its active fine-tuned head. */
export interface EffectiveEmbedding {
  modelId: string;
  dimensions: number;
  thresholds: { verify: number; auto: number };
  head: StoredHead | null;
}

export function effectiveEmbedding(library: Library, entry: EmbedderEntry): EffectiveEmbedding {
  const head = new HeadRepository(library.db).active('fine-tune', entry.id) ?? null;
  if (!head) {
    const { verify, auto } = entry.thresholds;
    if (verify === undefined || auto === undefined) throw new Error(`${entry.id} has no calibrated thresholds (native-models/manifest.json)`);
    return { modelId: entry.id, dimensions: entry.embeddingSize, thresholds: { verify, auto }, head: null };
  }
  return { modelId: derivedModelId(head), dimensions: head.head.outputDim, thresholds: head.thresholds, head };
}

/**
 * Stores the projection, through `head`, of every embedding of its model that has none yet — existing faces are
 * re-projected without running the network again. Returns how many were projected.
 */
export function projectEmbeddings(library: Library, head: StoredHead): number {
  const derived = derivedModelId(head);
  library.db
    .prepare(`INSERT OR IGNORE INTO models (id, role, sha256, embedding_size, registered_at) VALUES (?, 'embedder', '', ?, ?)`)
    .run(derived, head.head.outputDim, Date.now());
  const rows = library.db
    .prepare(
      `SELECT e.face_id, e.vector FROM face_embeddings e WHERE e.model_id = ?
       AND NOT EXISTS (SELECT 1 FROM face_embeddings d WHERE d.model_id = ? AND d.face_id = e.face_id)`,
    )
    .all(head.modelId, derived) as { face_id: number; vector: Buffer }[];
  const net = EmbeddingHead.deserialize(head.head);
  const embeddings = new EmbeddingRepository(library.db);
  library.db.transaction(() => {
    for (let start = 0; start < rows.length; start += 1024) {
      const batch = rows.slice(start, start + 1024);
      const projected = net.apply(batch.map((r) => blobToVector(r.vector)));
      batch.forEach((r, i) => embeddings.put(r.face_id, derived, projected[i]!));
    }
  })();
  return rows.length;
}

/** Switches a stored head on: projections stored, the head marked active (its index is built on first open). */
export function activateHead(library: Library, headId: number): StoredHead {
  const heads = new HeadRepository(library.db);
  const head = heads.get(headId);
  if (!head) throw new Error(`No trained head with id ${headId}`);
  projectEmbeddings(library, head);
  heads.setActive(head.kind, head.modelId, head.id);
  return heads.get(headId)!;
}

/** Switches the model's fine-tuned head off: raw embeddings are used again; the projections and index go. */
export function deactivateHead(library: Library, modelId: string): void {
  const heads = new HeadRepository(library.db);
  const active = heads.active('fine-tune', modelId);
  heads.setActive('fine-tune', modelId, null);
  if (!active) return;
  const derived = derivedModelId(active);
  library.db.prepare('DELETE FROM face_embeddings WHERE model_id = ?').run(derived);
  const paths = faceIndexPaths(library.indexDir, derived);
  for (const path of Object.values(paths)) rmSync(path, { force: true });
}
