import { rmSync } from 'node:fs';
import { faceIndexPaths } from '../index/face-index-header.js';
import type { Library } from '../db/library.js';
import type { EmbedderEntry } from '../shared/model-manifest.js';
import { EmbeddingHead, readSerializedHead } from '../training/embedding-head.js';
import type { StoredHead } from '../db/head-repository.js';
import { readSettings } from '../settings/settings-store.js';

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

/**
 * The embedding recognition uses for `entry`, with its calibrated thresholds (the model's, or those re-calibrated
 * for the active head) unless the user set their own in Settings: recognition → auto-assign, suggestion → verify.
 */
export function effectiveEmbedding(library: Library, entry: EmbedderEntry): EffectiveEmbedding {
  const head = library.heads.active('fine-tune', entry.id) ?? null;
  const chosen = readSettings(library).thresholds;
  const withSettings = (t: { verify: number; auto: number }) => ({ verify: chosen.suggestion ?? t.verify, auto: chosen.recognition ?? t.auto });
  if (!head) {
    const { verify, auto } = entry.thresholds;
    if (verify === undefined || auto === undefined) throw new Error(`${entry.id} has no calibrated thresholds (native-models/manifest.json)`);
    return { modelId: entry.id, dimensions: entry.embeddingSize, thresholds: withSettings({ verify, auto }), head: null };
  }
  return { modelId: derivedModelId(head), dimensions: readSerializedHead(head.head).outputDim, thresholds: withSettings(head.thresholds), head };
}

/**
 * Stores the projection, through `head`, of every embedding of its model that has none yet — existing faces are
 * re-projected without running the network again. Returns how many were projected.
 */
export function projectEmbeddings(library: Library, head: StoredHead): number {
  const derived = derivedModelId(head);
  library.analyses.registerDerivedEmbedder(derived, readSerializedHead(head.head).outputDim);
  const rows = library.embeddings.missingIn(head.modelId, derived);
  const net = EmbeddingHead.deserialize(head.head);
  library.transaction(() => {
    for (let start = 0; start < rows.length; start += 1024) {
      const batch = rows.slice(start, start + 1024);
      const projected = net.apply(batch.map((r) => r.vector));
      batch.forEach((r, i) => library.embeddings.put(r.faceId, derived, projected[i]!));
    }
  });
  return rows.length;
}

/** Thrown when a head was trained on embeddings of another recipe than the library's (its model's crop changed). */
export class StaleHeadError extends Error {
  override name = 'StaleHeadError';
}

/** Whether a head was trained on embeddings of another recipe than the library now holds for its model. */
export function headIsStale(library: Library, head: StoredHead): boolean {
  return head.recipe !== (library.analyses.recipeOf(head.modelId) ?? null);
}

/** Refuses (`StaleHeadError`) a head trained on embeddings of another recipe than the library holds. */
export function requireFreshHead(library: Library, head: StoredHead): void {
  if (headIsStale(library, head)) {
    throw new StaleHeadError(
      `Head ${head.version} of ${head.modelId} was trained on faces embedded with another recipe than this library holds ` +
        "(the model's crop changed): if a scan has yet to embed the library's faces again, scan first; a head trained on " +
        'the older faces has to be trained again',
    );
  }
}

/**
 * Switches a stored head on: projections stored, the head marked active (its index is built on first open). A head
 * trained on embeddings of another recipe than the library holds is refused: it would project vectors it never saw.
 */
export function activateHead(library: Library, headId: number): StoredHead {
  const heads = library.heads;
  const head = heads.get(headId);
  if (!head) throw new Error(`No trained head with id ${headId}`);
  requireFreshHead(library, head);
  projectEmbeddings(library, head);
  heads.setActive(head.kind, head.modelId, head.id);
  return heads.get(headId)!;
}

/** Switches the model's fine-tuned head off: raw embeddings are used again; the projections and index go. */
export function deactivateHead(library: Library, modelId: string): void {
  const heads = library.heads;
  const active = heads.active('fine-tune', modelId);
  heads.setActive('fine-tune', modelId, null);
  if (!active) return;
  const derived = derivedModelId(active);
  library.embeddings.deleteModel(derived);
  const paths = faceIndexPaths(library.indexDir, derived);
  for (const path of Object.values(paths)) rmSync(path, { force: true });
}

/** The library's latest fine-tuned head of a model (to evaluate with it), or an error saying how to make one. */
export function latestFineTunedHead(library: Library, modelId: string): StoredHead {
  const stored = library.heads.latest('fine-tune', modelId);
  if (!stored) throw new Error(`no fine-tuned head for ${modelId} in this library (kindred train first)`);
  return stored;
}
