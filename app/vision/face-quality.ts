/**
 * How usable a detected face is for recognition: size in the photo, sharpness of the aligned crop, frontal pose and
 * detector confidence, each scored in [0, 1] and combined into one quality score.
 *
 * Thresholds (why):
 * - Size: FaceNet (Schroff et al. 2015, table 4) loses most of its verification rate at 40×40-pixel thumbnails (37.8%
 *   VAL at 1,600 px vs 79.5% at 80×80 and 86% at 220×220). A face whose BlazeFace box (eyebrows to chin) is under
 *   40 px is therefore "too small"; the size score saturates at 100 px.
 * - Blur: variance of the Laplacian of the aligned grey crop. It depends on content and on how much a small face was
 *   enlarged into the crop, not only on focus: measured with `bench/quality-survey.ts` (a face counts as usable when
 *   its nearest person, by leave-one-out mean direction, is its own), every frontal face of cfp (5,000 photos of 500
 *   people), celeb5 and bbt with a variance in [20, 40) was usable (33 faces, left out by the former threshold of 40),
 *   while synthetic blur of σ ≈ 1 crop pixel gives a median of 18. Below `BLUR_THRESHOLD` (20) a crop is "too blurry".
 * - Pose, two proxies, either one makes a profile: (a) the nose tip's offset from the eye midpoint along the eye line,
 *   in inter-eye distances (beyond 0.75 the eyes nearly coincide); (b) the nose tip's offset from the ears' midpoint
 *   along the ear line, in ear-to-ear distances, ½·tan(yaw) on a round head (`earYaw`), beyond 0.5 (45°). The eye
 *   proxy misses most true profiles (BlazeFace keeps the eyes apart; on cfp's 2,000 profile photos it exceeds 0.75 for
 *   a quarter of them). Measured on cfp: |ear yaw| < 0.2 for 99.9% of frontal photos and usable 99.2%; 0.2–0.6 usable
 *   64–73%; beyond 0.6 48% falling to 24%. Grouping all 7,000 cfp photos, leaving out ear yaw > 0.5 keeps BCubed
 *   precision at 0.97 (0.94 with the eye proxy alone); 0.3 would gain 0.01 but leave out the three-quarter views of
 *   everyday photos (celeb5: 17% of faces at 0.3–0.6, all usable).
 * - Cut by the frame: a face whose box lies less than 75% inside the photo (found by the mirrored detector run) has a
 *   chip that is partly black, and landmarks half guessed; it is kept and can be named, but is not trusted to group
 *   or recognise. Whole faces near the edge stay above it: every face of a fifth of cfp, all of bbt and celeb5 ≥ 0.8.
 */
import { insideFraction, type FaceDetection, type FaceLandmarks } from './face-detection.js';
import type { RgbImage } from './rgb-image.js';

/** Faces whose box is narrower than this (original pixels) are too small to recognise reliably. */
export const MIN_FACE_PX = 40;
/** Variance of the Laplacian (aligned grey crop) below which a face is too blurry. */
export const BLUR_THRESHOLD = 20;
/** Nose offset (inter-eye distances) beyond which a face is a profile. */
export const PROFILE_YAW = 0.75;
/** Nose offset from the ears' midpoint (ear-to-ear distances, ½·tan yaw) beyond which a face is a profile: 45°. */
export const PROFILE_EAR_YAW = 0.5;
/** Share of the box inside the photo below which a face is cut by the frame. */
export const MIN_INSIDE_FRACTION = 0.75;

/** The measurements and their scores. */
export interface FaceQuality {
  /** Box width in original pixels. */
  sizePx: number;
  /** Variance of the Laplacian of the aligned grey crop. */
  laplacianVariance: number;
  /** Signed yaw proxy: nose offset along the eye line in inter-eye distances. */
  yaw: number;
  /** Signed yaw proxy from the ears: ½·tan(yaw) (see `earYaw`). */
  earYaw: number;
  /** In-plane rotation of the eye line, degrees. */
  rollDegrees: number;
  /** Share of the box inside the photo (1: whole). */
  insideFraction: number;
  detectorScore: number;
  /** Component scores in [0, 1]. */
  sizeScore: number;
  sharpnessScore: number;
  poseScore: number;
  confidenceScore: number;
  /** Overall quality in [0, 1] (weighted geometric mean of the components). */
  score: number;
}

/** Why a face is low quality. */
export type QualityIssue = 'too-small' | 'too-blurry' | 'profile' | 'cut-by-frame';

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** Smooth ramp from 0 at `lo` to 1 at `hi`. */
function ramp(x: number, lo: number, hi: number): number {
  const t = clamp01((x - lo) / (hi - lo));
  return t * t * (3 - 2 * t);
}

/** Variance of the 4-neighbour Laplacian of the luma of an RGB image (border pixels skipped). */
export function laplacianVariance(image: RgbImage): number {
  const { width: w, height: h, data } = image;
  if (w < 3 || h < 3) return 0;
  const grey = new Float32Array(w * h);
  for (let i = 0; i < w * h; i++) {
    grey[i] = 0.299 * (data[i * 3] as number) + 0.587 * (data[i * 3 + 1] as number) + 0.114 * (data[i * 3 + 2] as number);
  }
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const lap = (grey[i - 1] as number) + (grey[i + 1] as number) + (grey[i - w] as number) + (grey[i + w] as number) - 4 * (grey[i] as number);
      sum += lap;
      sumSq += lap * lap;
      n++;
    }
  }
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

/**
 * Yaw proxy from the ears: the nose tip's offset from the midpoint of the two ear keypoints along the ear line, in
 * ear-to-ear distances. On a head seen from above as a circle with the ears at its sides and the nose at about the same
 * radius in front, it is ½·tan(yaw): 0 frontal, 0.29 at 30°, 0.5 at 45°, unbounded towards a true profile.
 */
export function earYaw(landmarks: FaceLandmarks): number {
  const { rightEar, leftEar, noseTip } = landmarks;
  const ex = leftEar.x - rightEar.x;
  const ey = leftEar.y - rightEar.y;
  const e2 = ex * ex + ey * ey;
  if (e2 < 1e-9) return Infinity;
  return ((noseTip.x - (rightEar.x + leftEar.x) / 2) * ex + (noseTip.y - (rightEar.y + leftEar.y) / 2) * ey) / e2;
}

/** Yaw proxy and roll from the keypoints. */
export function poseFromLandmarks(landmarks: FaceLandmarks): { yaw: number; rollDegrees: number } {
  const { rightEye, leftEye, noseTip } = landmarks;
  const ex = leftEye.x - rightEye.x;
  const ey = leftEye.y - rightEye.y;
  const e = Math.hypot(ex, ey);
  if (e < 1e-6) return { yaw: Infinity, rollDegrees: 0 };
  const mx = (leftEye.x + rightEye.x) / 2;
  const my = (leftEye.y + rightEye.y) / 2;
  const yaw = ((noseTip.x - mx) * ex + (noseTip.y - my) * ey) / (e * e);
  return { yaw, rollDegrees: (Math.atan2(ey, ex) * 180) / Math.PI };
}

/**
 * Scores a face from its detection (photo pixels), its aligned crop (e.g. the 112×112 ArcFace crop) and the photo's
 * size in the same pixels (without it the face counts as whole). Weights: size 0.35, sharpness 0.25, pose 0.25,
 * detector confidence 0.15.
 */
export function assessFaceQuality(detection: FaceDetection, alignedCrop: RgbImage, frame?: { width: number; height: number }): FaceQuality {
  const sizePx = detection.box.width;
  const lapVar = laplacianVariance(alignedCrop);
  const { yaw, rollDegrees } = poseFromLandmarks(detection.landmarks);
  const sizeScore = ramp(sizePx, 24, 100);
  const sharpnessScore = ramp(lapVar, 15, 250);
  // Alignment undoes roll, so only extreme roll (a suspicious detection) costs anything.
  const poseScore = (1 - ramp(Math.abs(yaw), 0.15, 0.9)) * (1 - 0.5 * ramp(Math.abs(rollDegrees), 45, 90));
  const confidenceScore = ramp(detection.score, 0.5, 0.95);
  const parts: Array<[number, number]> = [
    [sizeScore, 0.35],
    [sharpnessScore, 0.25],
    [poseScore, 0.25],
    [confidenceScore, 0.15],
  ];
  // Geometric mean with a floor so that one zero component does not hide the others' ordering.
  const score = Math.exp(parts.reduce((s, [v, w]) => s + w * Math.log(Math.max(v, 0.01)), 0));
  return {
    sizePx,
    laplacianVariance: lapVar,
    yaw,
    earYaw: earYaw(detection.landmarks),
    rollDegrees,
    insideFraction: frame ? insideFraction(detection.box, frame.width, frame.height) : 1,
    detectorScore: detection.score,
    sizeScore,
    sharpnessScore,
    poseScore,
    confidenceScore,
    score: clamp01((score - 0.01) / 0.99),
  };
}

/** The reasons a face is low quality (empty when it is fine). */
export function qualityIssues(q: FaceQuality): QualityIssue[] {
  const issues: QualityIssue[] = [];
  if (q.sizePx < MIN_FACE_PX) issues.push('too-small');
  if (q.laplacianVariance < BLUR_THRESHOLD) issues.push('too-blurry');
  if (Math.abs(q.yaw) > PROFILE_YAW || Math.abs(q.earYaw) > PROFILE_EAR_YAW) issues.push('profile');
  if (q.insideFraction < MIN_INSIDE_FRACTION) issues.push('cut-by-frame');
  return issues;
}

/** True when the face is too small, too blurry, a profile or cut by the frame (thresholds above). */
export function isLowQuality(q: FaceQuality): boolean {
  return qualityIssues(q).length > 0;
}
