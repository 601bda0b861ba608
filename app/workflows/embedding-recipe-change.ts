/**
 * A library's embeddings against the manifest's recipe (shared/embedding-recipe.ts). Vectors of two recipes of one
 * model must never meet — not in k-NN, grouping, recognition, search or the HNSW index. So when the recipe a library
 * stored differs from the manifest's (or is unknown: a library scanned before recipes were recorded), a scan first
 * drops that model's embeddings, in one transaction with marking every photo it analysed for re-embedding; the faces
 * themselves (ids, boxes, names, reviews, people) stay. The scan's analysis then embeds those faces again from their
 * stored boxes, a batch per transaction, resumable. Heads trained on the old vectors are switched off and their
 * projections dropped. Until a scan has done this, work that would put a new vector beside the old ones refuses.
 */
import { rmSync } from 'node:fs';
import type { Library } from '../db/library.js';
import { faceIndexPaths } from '../index/face-index-header.js';
import { embeddingRecipe } from '../shared/embedding-recipe.js';
import type { EmbedderEntry, ModelManifest } from '../shared/model-manifest.js';
import { derivedModelId } from './apply-head.js';

/** What adopting a new recipe changed. */
export interface RecipeChange {
  modelId: string;
  /** The recipe the library had (null: unknown). */
  previous: string | null;
  recipe: string;
  /** Embeddings dropped (their faces are embedded again by the scan). */
  droppedEmbeddings: number;
  /** Photos marked for re-embedding. */
  photos: number;
  /** Ids of the heads switched off because they were trained on another recipe. */
  staleHeads: number[];
}

/** Thrown by work that would compare or store a new vector while the library still holds another recipe's. */
export class StaleEmbeddingsError extends Error {
  constructor(
    readonly modelId: string,
    what: string,
  ) {
    super(
      `${what}: this library's faces were embedded with an older recipe of ${modelId} (crop or model changed since). ` +
        'Scan the library to embed them again; names and people are kept.',
    );
    this.name = 'StaleEmbeddingsError';
  }
}

/**
 * Whether the library's stored embeddings of `entry` are of the manifest's recipe. A library that never registered
 * the model stores none of it, so nothing can be mixed: current.
 */
export function recipeIsCurrent(library: Library, manifest: ModelManifest, entry: EmbedderEntry): boolean {
  const stored = library.analyses.recipeOf(entry.id);
  return stored === undefined || stored === embeddingRecipe(manifest, entry);
}

/** Refuses (`StaleEmbeddingsError`) work that would mix the manifest's vectors with the library's older ones. */
export function requireCurrentRecipe(library: Library, manifest: ModelManifest, entry: EmbedderEntry, what: string): void {
  if (!recipeIsCurrent(library, manifest, entry)) throw new StaleEmbeddingsError(entry.id, what);
}

/**
 * Registers `entry` and, when the library's embeddings of it are of another recipe, drops them (see the file's
 * comment). Returns what changed, or null when nothing had to (the usual case: one SELECT).
 */
export function adoptCurrentRecipe(library: Library, manifest: ModelManifest, entry: EmbedderEntry): RecipeChange | null {
  const recipe = embeddingRecipe(manifest, entry);
  library.analyses.registerModel(entry, recipe);
  const previous = library.analyses.recipeOf(entry.id) ?? null;
  if (previous === recipe) return null;
  const heads = library.heads.list(entry.id).filter((h) => h.recipe !== recipe);
  // Index files first: a crash after this leaves the database as it was (still stale, adopted next time), and no file
  // built from the old vectors survives the change. Opening an index rebuilds it from SQLite.
  for (const modelId of [entry.id, ...heads.map(derivedModelId)]) {
    for (const path of Object.values(faceIndexPaths(library.indexDir, modelId))) rmSync(path, { force: true });
  }
  return library.transaction((): RecipeChange => {
    const droppedEmbeddings = library.embeddings.summary(entry.id).count;
    const photos = library.analyses.adoptRecipe(entry.id, recipe);
    library.embeddings.deleteModel(entry.id);
    for (const head of heads) {
      if (head.active) library.heads.setActive(head.kind, head.modelId, null);
      library.embeddings.deleteModel(derivedModelId(head));
    }
    return { modelId: entry.id, previous, recipe, droppedEmbeddings, photos, staleHeads: heads.map((h) => h.id) };
  });
}
