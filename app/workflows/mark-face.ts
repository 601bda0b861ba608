/**
 * A face the user marks by hand: a box drawn over a face the detector missed (a profile, a face in shadow, a child
 * half hidden). The face inside the box is looked for on its own; when found it is stored with its landmarks and
 * embedding, so it is recognised and can teach recognition like any other face. When not, the box is still kept as
 * the user drew it, for naming, but it has no embedding and so takes no part in recognition or clustering.
 */
import { landmarksToRecord } from './analyse-photos.js';
import { boxIoU, type Box } from '../vision/face-detection.js';
import type { ExecutionProviderSetting } from '../vision/execution-provider.js';
import { FaceAnalysisPool } from '../vision/face-analysis-pool.js';
import { findFaceInRegion } from '../vision/face-in-region.js';
import { loadManifest, type EmbedderEntry } from '../shared/model-manifest.js';
import { recipeIsCurrent } from './embedding-recipe-change.js';
import type { Library } from '../db/library.js';

/** Overlap with a stored face above which a drawn box is that face again. */
export const SAME_FACE_IOU = 0.4;

/** Smallest box side accepted, in displayed pixels: below it there is no face to see. */
export const MIN_DRAWN_FACE_PX = 8;

/** Why a drawn box was refused; the message is for the user. */
export class DrawnFaceError extends Error {
  constructor(
    readonly reason: 'no_photo' | 'not_analysed' | 'bad_box' | 'unreadable' | 'already_marked',
    message: string,
  ) {
    super(message);
  }
}

export interface DrawnFace {
  faceId: number;
  /** Whether a face was found in the box (and so embedded). */
  found: boolean;
}

export interface DrawnFaceModels {
  embedder: EmbedderEntry;
  detectorId: string;
  executionProvider?: ExecutionProviderSetting;
  /** A long-running process's shared pool for `embedder`; without it, a one-worker pool of its own, closed after. */
  pool?: FaceAnalysisPool;
}

export async function addDrawnFace(library: Library, models: DrawnFaceModels, photoId: number, drawn: Box): Promise<DrawnFace> {
  const { embedder, detectorId } = models;
  const photo = library.photos.get(photoId);
  if (!photo) throw new DrawnFaceError('no_photo', `No photo with id ${photoId}`);
  // Until the scan has looked for this photo's faces, its detector would mark the same face a second time.
  if (!library.analyses.wasDetected(photoId)) {
    throw new DrawnFaceError('not_analysed', 'The scan has not looked for faces in this photo yet: mark missed faces once it has');
  }
  const box = clampToPhoto(drawn, photo.width, photo.height);
  if (box.width < MIN_DRAWN_FACE_PX || box.height < MIN_DRAWN_FACE_PX) {
    throw new DrawnFaceError('bad_box', `The box must lie on the photo and be at least ${MIN_DRAWN_FACE_PX} px on each side`);
  }
  const path = library.photos.pathOf(photoId);
  if (!path) throw new DrawnFaceError('unreadable', `No readable file of photo ${photoId} is left`);

  const own = models.pool ? undefined : new FaceAnalysisPool({ embedder: embedder.id, workers: 1, executionProvider: models.executionProvider ?? 'auto' });
  let face;
  try {
    face = await findFaceInRegion(models.pool ?? own!, path, box);
  } catch (error) {
    throw new DrawnFaceError('unreadable', `Could not read ${path}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  } finally {
    await own?.close();
  }

  const faces = library.faces;
  const stored = face?.box ?? box;
  if (faces.ofPhoto(photoId).some((f) => boxIoU(f.box, stored) > SAME_FACE_IOU)) {
    throw new DrawnFaceError('already_marked', 'That face is already marked on this photo');
  }
  return library.transaction((): DrawnFace => {
    const faceId = faces.insert(photoId, {
      source: 'manual',
      detectorId: face ? detectorId : null,
      box: stored,
      landmarks: face ? landmarksToRecord(face.landmarks) : null,
      detectorScore: face?.detectorScore ?? null,
      quality: face?.quality ?? null,
      lowQuality: face?.lowQuality ?? false,
      laplacianVariance: face?.laplacianVariance ?? null,
      eyeOpenness: face?.eyeOpenness ?? null,
    });
    // Beside faces of an older recipe the new vector would be compared with them: the face is kept with its landmarks
    // and the scan that embeds the library's faces again embeds it too.
    if (face && recipeIsCurrent(library, loadManifest(), embedder)) library.embeddings.put(faceId, embedder.id, face.embedding);
    return { faceId, found: face !== undefined };
  });
}

function clampToPhoto(box: Box, width: number, height: number): Box {
  const x = Math.max(0, box.x);
  const y = Math.max(0, box.y);
  return { x, y, width: Math.min(width, box.x + box.width) - x, height: Math.min(height, box.y + box.height) - y };
}
