import type { Library } from '../db/library.js';
import { blobToVector } from '../db/embedding-repository.js';
import type { FaceIndex } from './face-index.js';
import { sqliteFaceIndexSource } from './face-index-source.js';
import { openFaceIndex, type OpenFaceIndexOptions } from './open-face-index.js';

/** The HNSW index of one embedding model of a library, checked against its database (rebuilt when stale). */
export function openLibraryFaceIndex(library: Library, modelId: string, dimensions: number, options: OpenFaceIndexOptions = {}): Promise<FaceIndex> {
  return openFaceIndex(sqliteFaceIndexSource(library.db), library.indexDir, modelId, dimensions, options);
}

/**
 * Adds to an open index the embeddings stored since it was opened, and drops faces deleted since (incremental:
 * far cheaper than a rebuild after a scan found a few new faces). Returns how many changed.
 */
export function catchUpFaceIndex(index: FaceIndex, library: Library, modelId: string): { added: number; removed: number } {
  const ids = (library.db.prepare('SELECT face_id FROM face_embeddings WHERE model_id = ?').pluck().all(modelId) as number[]);
  const vectorOf = library.db.prepare('SELECT vector FROM face_embeddings WHERE model_id = ? AND face_id = ?').pluck();
  const inDb = new Set(ids);
  let added = 0;
  for (const id of ids) {
    if (index.has(id)) continue;
    index.add(id, blobToVector(vectorOf.get(modelId, id) as Buffer));
    added++;
  }
  let removed = 0;
  for (const id of index.faceIds()) {
    if (!inDb.has(id) && index.remove(id)) removed++;
  }
  return { added, removed };
}
