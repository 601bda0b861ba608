import { catchUpFaceIndex, openLibraryFaceIndex } from '../index/library-face-index.js';
import type { Library } from '../db/library.js';
import { effectiveEmbedding, projectEmbeddings } from './apply-head.js';
import type { EmbedderEntry } from '../shared/model-manifest.js';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { dissolveGroups, PEOPLE_WRITE_BATCH, planPeopleUpdate, PlanWriter, type GroupingSummary } from '../people/people-grouping.js';

/**
 * After new faces: the embeddings recognition works on (the model's, or its active fine-tuned head's projections,
 * brought up to date), the HNSW index caught up with the database and saved, then recognition, joining and
 * clustering (as `updatePeople`). `full` re-clusters every untouched group. The plan is computed outside any
 * transaction and written in short batches with a turn of the event loop between them, so on a large library
 * neither the write lock nor the service's thread is held for the whole regroup.
 */
export async function refreshPeople(library: Library, entry: EmbedderEntry, options: { full?: boolean } = {}): Promise<GroupingSummary> {
  const effective = effectiveEmbedding(library, entry);
  if (effective.head) projectEmbeddings(library, effective.head);
  const index = await openLibraryFaceIndex(library, effective.modelId, effective.dimensions, { log: () => {} });
  catchUpFaceIndex(index, library, effective.modelId);
  if (index.dirty) await index.save();
  const dissolved = options.full ? dissolveGroups(library) : 0;
  const plan = planPeopleUpdate(library, { modelId: effective.modelId, thresholds: effective.thresholds, index });
  plan.summary.dissolvedGroups = dissolved;
  const writer = new PlanWriter(library, plan);
  for (let from = 0; from < plan.assignments.length; from += PEOPLE_WRITE_BATCH) {
    writer.write(from, PEOPLE_WRITE_BATCH);
    await nextTurn();
  }
  return plan.summary;
}
