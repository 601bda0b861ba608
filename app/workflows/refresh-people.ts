import { catchUpFaceIndex, openLibraryFaceIndex } from '../index/library-face-index.js';
import type { Library } from '../db/library.js';
import { effectiveEmbedding, projectEmbeddings, type EffectiveEmbedding } from './apply-head.js';
import type { FaceIndex } from '../index/face-index.js';
import type { EmbedderEntry } from '../shared/model-manifest.js';
import { updatePeople, type GroupingSummary } from '../people/people-grouping.js';

/**
 * After new faces: the embeddings recognition works on (the model's, or its active fine-tuned head's projections,
 * brought up to date), the HNSW index caught up with the database and saved, then recognition, joining and
 * grouping (`updatePeople`: decided outside any transaction, written in short ones). `full` regroups every untouched
 * group.
 */
export async function refreshPeople(library: Library, entry: EmbedderEntry, options: { full?: boolean } = {}): Promise<GroupingSummary> {
  let effective: EffectiveEmbedding;
  let index: FaceIndex;
  for (;;) {
    const recipe = library.analyses.recipeOf(entry.id);
    effective = effectiveEmbedding(library, entry);
    if (effective.head) projectEmbeddings(library, effective.head);
    index = await openLibraryFaceIndex(library, effective.modelId, effective.dimensions, { log: () => {} });
    // A scan that adopted a new recipe while the index was opening dropped the vectors it holds, and may have stored
    // new ones under the same face ids, which catching up by id would not replace: open it again.
    if (library.analyses.recipeOf(entry.id) === recipe) break;
  }
  catchUpFaceIndex(index, library, effective.modelId);
  // Caught up and grouped in one synchronous stretch, so faces a running scan stores meanwhile wait for the next refresh.
  const summary = updatePeople(library, { modelId: effective.modelId, thresholds: effective.thresholds, index, full: options.full ?? false });
  if (index.dirty) await index.save();
  return summary;
}
