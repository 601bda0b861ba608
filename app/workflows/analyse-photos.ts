import type { Library } from '../db/library.js';
import type { PhotoToAnalyse } from '../db/analysis-repository.js';
import type { Face } from '../db/face-repository.js';
import type { ProgressTracker } from '../jobs/progress-tracker.js';
import type { AnalysedFace } from '../vision/face-analyzer.js';
import type { FaceAnalysisPool } from '../vision/face-analysis-pool.js';
import type { FaceLandmarks } from '../vision/face-detection.js';
import type { ModelManifest } from '../shared/model-manifest.js';
import { PHOTO_UNDECODABLE } from '../vision/face-worker-protocol.js';
import { TASK_CANCELLED, WorkerStartError } from '../workers/worker-pool.js';
import { matchFacesAcrossEdit, type EditedFrame } from './face-carry-over.js';
import { StageTimings } from '../shared/stage-timings.js';
import { findFaceInRegion } from '../vision/face-in-region.js';
import { embeddingRecipe } from '../shared/embedding-recipe.js';
import { findEmbedder } from '../shared/model-manifest.js';
import { adoptCurrentRecipe, type RecipeChange } from './embedding-recipe-change.js';

/** Same face, told apart from another only by re-detection noise, when a model has no calibrated threshold. */
const SAME_FACE_DISTANCE = 0.6;

export interface AnalyseOptions {
  signal?: AbortSignal;
  progress?: ProgressTracker;
  /** Receives the workers' milliseconds per stage and the database's. */
  timings?: StageTimings;
}

export interface AnalyseSummary {
  photos: number;
  faces: number;
  failed: number;
  /**
   * Of the failed photos, those whose failure was not their own (a worker crashed, a task timed out, a disk or a
   * network share failed): the next scan analyses them again. The others do not decode, and are recorded for good.
   */
  retryLater: number;
  /** Photos analysed in this run. */
  photoIds: number[];
  /** Of `photos`, those whose kept faces were embedded again for the embedder's new recipe. */
  reembedded: number;
  /** Set when this run found the library's embeddings of another recipe and dropped them (then re-embedded). */
  recipeChange: RecipeChange | null;
}

type Outcome =
  | { photo: PhotoToAnalyse; kind: 'detected'; faces: AnalysedFace[] }
  | { photo: PhotoToAnalyse; kind: 'embedded'; faces: Face[]; embeddings: (Float32Array | undefined)[] }
  | { photo: PhotoToAnalyse; kind: 'failed'; reason: string; retry: boolean };

/**
 * Analyses every catalogued photo the pool's model has not seen: detect → align → embed in the worker pool,
 * results stored in small transactions (faces, embeddings, and the analysis record that makes a rescan skip the
 * photo). A photo detected earlier for another model keeps its faces — and their names — and only gains embeddings.
 * A photo that does not decode is recorded as failed for good; any other failure leaves it to the next scan. When the
 * workers cannot start at all, the run stops and fails with their reason. A cancel stops the photos in flight too
 * (a stuck one costs its worker), and they stay pending. When the library's embeddings are of another recipe than the
 * manifest's, they are dropped first and the kept faces of every analysed photo embedded again, as pending work of
 * the same kind (embedding-recipe-change.ts).
 */
export async function analysePhotos(
  library: Library,
  pool: FaceAnalysisPool,
  manifest: ModelManifest,
  embedderId: string,
  options: AnalyseOptions = {},
): Promise<AnalyseSummary> {
  const analyses = library.analyses;
  const faces = library.faces;
  const embeddings = library.embeddings;
  const detectorId = manifest.defaults.detector;
  // The library records the models whose outputs it stores (faces, embeddings); a landmark net only shapes the crop.
  for (const entry of manifest.models) {
    if (entry.role === 'detector') analyses.registerModel(entry);
    if (entry.role === 'embedder') analyses.registerModel(entry, embeddingRecipe(manifest, entry));
  }
  const recipeChange = adoptCurrentRecipe(library, manifest, findEmbedder(manifest, embedderId));
  const summary: AnalyseSummary = { photos: 0, faces: 0, failed: 0, retryLater: 0, photoIds: [], reembedded: 0, recipeChange };
  const signal = options.signal;
  const task = signal ? { signal } : {};
  let fatal: WorkerStartError | undefined;
  const embedder = manifest.models.find((m) => m.id === embedderId);
  const maxDistance = (embedder?.role === 'embedder' ? embedder.thresholds.verify : undefined) ?? SAME_FACE_DISTANCE;

  /**
   * The photo's pixels changed (a crop, a rotation, a retouch) and its faces were found again: each old face's
   * confirmed name and rejections go to the new face that matches it (same person, same place once the edit is
   * undone: see face-carry-over.ts); then the old faces go. Automatic names are not carried: recognition finds them.
   */
  const carryOver = (old: Face[], found: AnalysedFace[], ids: number[], edit: EditedFrame): void => {
    const before = old.map((f) => ({ id: f.id, box: f.box, embedding: embeddings.get(f.id, embedderId) }));
    const matches = matchFacesAcrossEdit(before, found.map((f) => ({ box: f.box, embedding: f.embedding })), edit);
    for (const f of old) {
      const index = matches.get(f.id);
      if (index !== undefined) {
        const id = ids[index]!;
        if (f.assignment === 'confirmed' && f.personId !== null) faces.assign(id, f.personId, 'confirmed', f.confidence);
        for (const personId of library.people.rejectedPeopleOf(f.id)) library.people.rejectFace(id, personId);
      }
      faces.remove(f.id);
    }
  };
  options.progress?.phase('faces', analyses.countPending(embedderId));

  const timings = options.timings ?? new StageTimings();
  const store = (batch: Outcome[]): void => {
    timings.timeSync('database', () => storeNow(batch));
  };
  const storeNow = (batch: Outcome[]): void => {
    library.transaction(() => {
      for (const outcome of batch) {
        const photoId = outcome.photo.photoId;
        if (outcome.kind === 'failed') {
          // A photo waiting for re-embedding keeps its analysis (its faces were found): only a failure for good ends the wait.
          if (!outcome.photo.reembed) analyses.recordFailure(photoId, embedderId, detectorId, outcome.reason, outcome.retry);
          else if (!outcome.retry) analyses.recordReembedFailure(photoId, embedderId, outcome.reason);
          summary.failed++;
          if (outcome.retry) summary.retryLater++;
          continue;
        }
        if (outcome.kind === 'detected') {
          const stale = library.photos.staleFaces(photoId);
          const old = stale ? faces.ofPhoto(photoId) : [];
          const ids = outcome.faces.map((f) => {
            const id = faces.insert(photoId, {
              source: 'detected',
              detectorId,
              box: f.box,
              landmarks: landmarksToRecord(f.landmarks),
              detectorScore: f.detectorScore,
              quality: f.quality,
              lowQuality: f.lowQuality,
              laplacianVariance: f.laplacianVariance,
              eyeOpenness: f.eyeOpenness,
            });
            embeddings.put(id, embedderId, f.embedding);
            return id;
          });
          if (stale) {
            carryOver(old, outcome.faces, ids, { ...stale, maxDistance });
            library.photos.clearStaleFaces(photoId);
          }
        } else {
          // A face removed by the user ("not a face") while it was being embedded is simply skipped.
          outcome.faces.forEach((f, i) => {
            const vector = outcome.embeddings[i];
            if (vector && faces.get(f.id)) embeddings.put(f.id, embedderId, vector);
          });
        }
        if (outcome.photo.reembed) {
          analyses.recordReembedded(photoId, embedderId);
          summary.reembedded++;
        } else analyses.record(photoId, embedderId, detectorId, outcome.faces.length);
        summary.photos++;
        summary.photoIds.push(photoId);
        summary.faces += outcome.faces.length;
      }
    });
  };

  /** The photo's outcome; undefined when it was stopped (a cancel, or workers that cannot start) and stays pending. */
  const analyseOne = async (photo: PhotoToAnalyse): Promise<Outcome | undefined> => {
    try {
      if (photo.reembed || analyses.wasDetected(photo.photoId)) {
        const stored = faces.ofPhoto(photo.photoId);
        const known = stored.filter((f) => f.landmarks !== null);
        const vectors: (Float32Array | undefined)[] =
          known.length === 0 ? [] : await pool.embedKnown(photo.path, known.map((f) => ({ box: f.box, landmarks: recordToLandmarks(f.landmarks!) })), task);
        if (!photo.reembed) return { photo, kind: 'embedded', faces: known, embeddings: vectors };
        // Faces kept without landmarks (imported regions) were embedded from the face found in their region: again so.
        const regions = stored.filter((f) => f.landmarks === null);
        for (const f of regions) {
          if (signal?.aborted) return undefined;
          vectors.push((await findFaceInRegion(pool, photo.path, f.box))?.embedding);
        }
        return { photo, kind: 'embedded', faces: [...known, ...regions], embeddings: vectors };
      }
      const analysed = await pool.analyse(photo.path, task);
      timings.addAll(analysed.timings);
      return { photo, kind: 'detected', faces: analysed.faces };
    } catch (error) {
      if (error instanceof WorkerStartError) {
        fatal ??= error;
        return undefined;
      }
      const code = (error as { code?: unknown } | null)?.code;
      if (code === TASK_CANCELLED && signal?.aborted) return undefined;
      return { photo, kind: 'failed', reason: error instanceof Error ? error.message.split('\n')[0]! : String(error), retry: code !== PHOTO_UNDECODABLE };
    }
  };

  let lastId = 0;
  let queue: PhotoToAnalyse[] = [];
  let buffer: Outcome[] = [];
  let lastFlush = Date.now();
  const next = (): PhotoToAnalyse | undefined => {
    if (signal?.aborted || fatal) return undefined;
    if (queue.length === 0) {
      queue = analyses.pending(embedderId, lastId, 64);
      if (queue.length > 0) lastId = queue.at(-1)!.photoId;
    }
    return queue.shift();
  };
  const worker = async (): Promise<void> => {
    for (let photo = next(); photo; photo = next()) {
      const outcome = await analyseOne(photo); // awaited first: `buffer` may be swapped while this photo runs
      if (!outcome) continue;
      buffer.push(outcome);
      options.progress?.advance();
      if (buffer.length >= 16 || Date.now() - lastFlush > 1000) {
        store(buffer);
        buffer = [];
        lastFlush = Date.now();
      }
    }
  };
  try {
    // Two photos in flight per worker keep every worker busy while results are stored.
    await Promise.all(Array.from({ length: pool.size * 2 }, worker));
  } finally {
    store(buffer);
  }
  if (fatal) throw fatal;
  return summary;
}

/** Landmarks as stored: `{name: [x, y]}`. */
export function landmarksToRecord(landmarks: FaceLandmarks): Record<string, [number, number]> {
  return Object.fromEntries(Object.entries(landmarks).map(([k, p]) => [k, [p.x, p.y]]));
}

function recordToLandmarks(record: Record<string, [number, number]>): FaceLandmarks {
  return Object.fromEntries(Object.entries(record).map(([k, [x, y]]) => [k, { x, y }])) as unknown as FaceLandmarks;
}
