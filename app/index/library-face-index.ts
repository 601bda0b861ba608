import type { Library } from '../db/library.js';
import type { FaceIndex } from './face-index.js';
import { sqliteFaceIndexSource } from './face-index-source.js';
import { openFaceIndex, type OpenFaceIndexOptions } from './open-face-index.js';

/** The HNSW index of one embedding model of a library, checked against its database (rebuilt when stale). */
export function openLibraryFaceIndex(library: Library, modelId: string, dimensions: number, options: OpenFaceIndexOptions = {}): Promise<FaceIndex> {
  return openFaceIndex(sqliteFaceIndexSource(library.embeddings, library.analyses), library.indexDir, modelId, dimensions, options);
}

/**
 * Adds to an open index the embeddings stored since it was opened, and drops faces deleted since (incremental:
 * far cheaper than a rebuild after a scan found a few new faces). Returns how many changed.
 */
export function catchUpFaceIndex(index: FaceIndex, library: Pick<Library, 'embeddings'>, modelId: string): { added: number; removed: number } {
  const ids = library.embeddings.faceIds(modelId);
  const inDb = new Set(ids);
  let added = 0;
  for (const [id, vector] of library.embeddings.vectorsOf(modelId, ids.filter((id) => !index.has(id)))) {
    index.add(id, vector);
    added++;
  }
  let removed = 0;
  for (const id of index.faceIds()) {
    if (!inDb.has(id) && index.remove(id)) removed++;
  }
  return { added, removed };
}
