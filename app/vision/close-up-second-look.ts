/**
 * A second look for photos in which the detector accepted no face. Faces that fill the frame or turn to profile often
 * score just under the detector's threshold (cfp: 148 of the 154 profile photos with no face had a candidate at
 * 0.5–0.75), and so do some things that are not faces (a coffee cup at 0.66). Looking again at a candidate in a window
 * centred on it, at the two scales the networks see faces best (front-128 at twice the candidate's size, back-256 at
 * four times), as is and mirrored, separates the two: faces re-detect at 0.7–0.9, the cup and the textures of the
 * no-face photos tried stay at or under 0.62.
 */
import { FACE_LANDMARK_NAMES, type FaceDetection, type FaceLandmarkName, type FaceLandmarks } from './face-detection.js';
import type { FaceDetectorModels } from './face-detector.js';
import { fillDetectorInput } from './detector-input.js';
import { mirrorRgbImage, resizeRgbImage, type RgbImage } from './rgb-image.js';
import type { MergedDetection } from './weighted-nms.js';

/** Tuning of the second look; defaults in `DEFAULT_SECOND_LOOK_OPTIONS`. */
export interface SecondLookOptions {
  /** Candidates scoring under this in the first pass are not looked at again. */
  minCandidateScore: number;
  /** Only candidates at least this wide, as a fraction of the photo's shorter side (close-ups, not background). */
  minRelativeWidth: number;
  /** A re-detection must score this much for the face to be accepted. */
  acceptScore: number;
  /** At most this many candidates (best first) are looked at again. */
  maxCandidates: number;
}

export const DEFAULT_SECOND_LOOK_OPTIONS: SecondLookOptions = {
  minCandidateScore: 0.5,
  minRelativeWidth: 0.3,
  acceptScore: 0.74,
  maxCandidates: 2,
};

/** The windows looked through: which network, and the window's side in candidate sizes. */
const LOOKS = [
  { detector: 'front', windowPerFace: 2 },
  { detector: 'back', windowPerFace: 4 },
] as const;

const MIRRORED_NAME: Record<FaceLandmarkName, FaceLandmarkName> = {
  rightEye: 'leftEye',
  leftEye: 'rightEye',
  noseTip: 'noseTip',
  mouthCenter: 'mouthCenter',
  rightEar: 'leftEar',
  leftEar: 'rightEar',
};

/** A detection in the mirror image of a `width`-wide image, as seen in the image itself (the subject's sides swap). */
export function unmirrorDetection(d: FaceDetection, width: number): FaceDetection {
  const landmarks = {} as FaceLandmarks;
  for (const name of FACE_LANDMARK_NAMES) {
    const p = d.landmarks[MIRRORED_NAME[name]];
    landmarks[name] = { x: width - p.x, y: p.y };
  }
  return { box: { ...d.box, x: width - d.box.x - d.box.width }, landmarks, score: d.score };
}

/**
 * The best re-detection of one candidate (photo pixels), or null when none lies near the window's centre. Windows
 * reaching past the photo's edge are padded with black, as the detector's own letterboxing.
 */
async function lookAgain(image: RgbImage, candidate: FaceDetection, models: FaceDetectorModels): Promise<{ best: FaceDetection | null; runs: number }> {
  let runs = 0;
  let best: FaceDetection | null = null;
  for (const look of LOOKS) {
    const model = models[look.detector];
    const size = model.inputSize;
    const scale = size / (Math.max(candidate.box.width, candidate.box.height) * look.windowPerFace);
    const width = Math.max(1, Math.round(image.width * scale));
    const height = Math.max(1, Math.round(image.height * scale));
    const scaled = await resizeRgbImage(image, width, height);
    const cx = (candidate.box.x + candidate.box.width / 2) * scale;
    // Whole pixels: the window is copied pixel for pixel (fillDetectorInput rounds the same way).
    const top = Math.round((candidate.box.y + candidate.box.height / 2) * scale - size / 2);
    for (const mirrored of [false, true]) {
      const view = mirrored ? mirrorRgbImage(scaled) : scaled;
      const left = Math.round((mirrored ? width - cx : cx) - size / 2);
      const detections = await model.detect(fillDetectorInput(view, left, top, size, model.normalization));
      runs++;
      for (const d of detections) {
        // Only a face where the candidate is: its centre within a quarter window of the window's centre.
        const dx = d.box.x + d.box.width / 2 - size / 2;
        const dy = d.box.y + d.box.height / 2 - size / 2;
        if (Math.abs(dx) > size / 4 || Math.abs(dy) > size / 4 || (best && d.score <= best.score)) continue;
        // Window → scaled view → (unmirrored) scaled photo → photo pixels.
        const inView = translate(d, left, top);
        const inScaled = mirrored ? unmirrorDetection(inView, width) : inView;
        best = rescale(inScaled, image.width / width, image.height / height);
      }
    }
  }
  return { best, runs };
}

/**
 * Looks again at the large rejected candidates of a photo where no face was accepted; returns the faces it accepts
 * (at most one: the photo is a close-up), in photo pixels.
 */
export async function secondLook(
  image: RgbImage,
  rejected: readonly FaceDetection[],
  models: FaceDetectorModels,
  options: SecondLookOptions = DEFAULT_SECOND_LOOK_OPTIONS,
): Promise<{ faces: MergedDetection[]; runs: number }> {
  const shortSide = Math.min(image.width, image.height);
  const candidates = rejected
    .filter((d) => d.score >= options.minCandidateScore && d.box.width >= options.minRelativeWidth * shortSide)
    .sort((a, b) => b.score - a.score)
    .slice(0, options.maxCandidates);
  let runs = 0;
  for (const candidate of candidates) {
    const look = await lookAgain(image, candidate, models);
    runs += look.runs;
    if (look.best && look.best.score >= options.acceptScore) return { faces: [{ ...look.best, support: 1 }], runs };
  }
  return { faces: [], runs };
}

function translate(d: FaceDetection, dx: number, dy: number): FaceDetection {
  const landmarks = {} as FaceLandmarks;
  for (const [name, p] of Object.entries(d.landmarks) as Array<[FaceLandmarkName, { x: number; y: number }]>) {
    landmarks[name] = { x: p.x + dx, y: p.y + dy };
  }
  return { box: { ...d.box, x: d.box.x + dx, y: d.box.y + dy }, landmarks, score: d.score };
}

function rescale(d: FaceDetection, sx: number, sy: number): FaceDetection {
  const landmarks = {} as FaceLandmarks;
  for (const [name, p] of Object.entries(d.landmarks) as Array<[FaceLandmarkName, { x: number; y: number }]>) {
    landmarks[name] = { x: p.x * sx, y: p.y * sy };
  }
  return { box: { x: d.box.x * sx, y: d.box.y * sy, width: d.box.width * sx, height: d.box.height * sy }, landmarks, score: d.score };
}
