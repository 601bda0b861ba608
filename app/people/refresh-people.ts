import { catchUpFaceIndex, openLibraryFaceIndex } from '../index/library-face-index.js';
import type { Library } from '../library/library.js';
import type { EmbedderEntry } from '../vision/model-manifest.js';
import { updatePeople, type GroupingSummary, type PeopleThresholds } from './people-grouping.js';

/** The model's calibrated thresholds; a model without them cannot recognise anyone safely. */
export function peopleThresholds(entry: EmbedderEntry): PeopleThresholds {
  const { verify, auto } = entry.thresholds;
  if (verify === undefined || auto === undefined) {
    throw new Error(`${entry.id} has no calibrated thresholds (native-models/manifest.json); run native-models/calibrate-thresholds.ts`);
  }
  return { verify, auto };
}

/**
 * After new faces: the model's HNSW index caught up with the database and saved, then recognition, joining and
 * clustering (`updatePeople`). `full` re-clusters every untouched group.
 */
export async function refreshPeople(library: Library, entry: EmbedderEntry, options: { full?: boolean } = {}): Promise<GroupingSummary> {
  const thresholds = peopleThresholds(entry);
  const index = await openLibraryFaceIndex(library, entry.id, entry.embeddingSize, { log: () => {} });
  catchUpFaceIndex(index, library, entry.id);
  if (index.dirty) await index.save();
  return updatePeople(library.db, { modelId: entry.id, thresholds, index, full: options.full ?? false });
}
