import { openLibraryFaceIndex } from '../index/library-face-index.js';
import type { Library } from '../db/library.js';
import { effectiveEmbedding, type EffectiveEmbedding } from './apply-head.js';
import { EmbeddingHead } from '../training/embedding-head.js';
import { FaceAnalysisPool } from '../vision/face-analysis-pool.js';
import { largestFace } from '../vision/largest-face.js';
import { loadManifest, type EmbedderEntry } from '../shared/model-manifest.js';
import { requireCurrentRecipe } from './embedding-recipe-change.js';

/** One photo found by a face search: its closest face and how far that face is from the query. */
export interface FaceSearchHit {
  photoId: number;
  faceId: number;
  distance: number;
  personId: number | null;
  person: string | null;
}

/** The photos most like a face, closest first, each photo once; `threshold` is the "same person" distance. */
export interface FaceSearchResult {
  modelId: string;
  threshold: number;
  results: FaceSearchHit[];
}

/** Thrown when the query image shows no face (a user error, not a failure). */
export class NoFaceFoundError extends Error {
  constructor(what: string) {
    super(`No face found in ${what}`);
    this.name = 'NoFaceFoundError';
  }
}

/**
 * Searches the library for the (largest) face in an image, given as a path or its bytes: the image is analysed
 * with `entry`'s embedder in `pool` (a long-running process's shared one; without it, a one-worker pool of its
 * own, closed after), then searched where recognition searches (the raw model, or its active fine-tuned head).
 */
export async function searchByFace(
  library: Library,
  entry: EmbedderEntry,
  image: string | Uint8Array,
  k: number,
  pool?: FaceAnalysisPool,
): Promise<FaceSearchResult> {
  // The query is embedded now, with the manifest's recipe: the library's faces must be of the same one.
  requireCurrentRecipe(library, loadManifest(), entry, 'Cannot search by a new photo yet');
  const own = pool ? undefined : new FaceAnalysisPool({ embedder: entry.id, workers: 1 });
  let query;
  try {
    query = largestFace((await (pool ?? own!).analyse(image)).faces);
  } finally {
    await own?.close();
  }
  if (!query) throw new NoFaceFoundError(typeof image === 'string' ? image : 'the image');
  const effective = effectiveEmbedding(library, entry);
  const vector = effective.head ? EmbeddingHead.deserialize(effective.head.head).apply([query.embedding])[0]! : query.embedding;
  return nearestPhotos(library, effective, vector, k);
}

/** Searches the library for a face it already holds (its stored embedding; no network run). */
export async function searchByStoredFace(library: Library, entry: EmbedderEntry, faceId: number, k: number): Promise<FaceSearchResult> {
  const effective = effectiveEmbedding(library, entry);
  const vector = library.embeddings.get(faceId, effective.modelId);
  if (!vector) throw new NoFaceFoundError(`face ${faceId} (it has no ${effective.modelId} embedding)`);
  return nearestPhotos(library, effective, vector, k);
}

async function nearestPhotos(library: Library, effective: EffectiveEmbedding, vector: Float32Array, k: number): Promise<FaceSearchResult> {
  const index = await openLibraryFaceIndex(library, effective.modelId, effective.dimensions, { log: () => {} });
  // Several faces may share a photo: fetch more neighbours than photos wanted, keep each photo's closest.
  const neighbours = index.search(vector, Math.min(index.size, k * 4));
  const results: FaceSearchHit[] = [];
  const seen = new Set<number>();
  for (const n of neighbours) {
    const row = library.faces.placement(n.faceId);
    if (!row || seen.has(row.photoId)) continue;
    seen.add(row.photoId);
    results.push({ photoId: row.photoId, faceId: n.faceId, distance: n.distance, personId: row.personId, person: row.person });
    if (results.length === k) break;
  }
  return { modelId: effective.modelId, threshold: effective.thresholds.verify, results };
}
