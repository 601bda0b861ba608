/**
 * How good a frame is for one face in it, for culling: the parts a photographer weighs (is the face sharp, large
 * enough, turned to the camera, inside the frame), each in [0, 1], shown on hover so the order explains itself.
 *
 * Unlike the recognition quality of face-quality.ts, whose sharpness part saturates at a Laplacian variance of 250
 * (sharp enough to recognise) and is 0 below 15, culling must order a sharp frame, a slightly soft one and two blurred
 * ones of the same burst, so sharpness here is linear in log(variance) from 1 to 1,000. Measured on a generated shoot
 * (bbt group photos, faces 60–120 px, Gaussian blur in photo pixels): sharp 60–310, σ 1.5 7–27, σ 3 4–7, σ 5 2–3.
 *
 * Eyes open: the eye aspect ratio of the landmark net's 68 points (eye-openness.ts), measured during analysis where
 * the embedder has the landmark stage (BlazeFace's six keypoints have no eyelids). face-api's net keeps its eyelid
 * points near an open eye's shape, so the scale is compressed, and measured (bench/eye-openness-survey.ts, 5,654 faces
 * of celeb5, bbt and cfp, 5,169 measured within MAX_EYE_YAW): 1% 0.23, 5% 0.25, median 0.285, 95% 0.32, 99% 0.34;
 * looked at, the lowest frontal faces were closed eyes at 0.172, 0.181, 0.213 and 0.217 (a blink while laughing, lids
 * lowered) and a half-closed one at 0.217, but also open eyes squinting, in shadow or looking up at 0.20–0.23 (one
 * wide-open pair at 0.229), and dark glasses at 0.12–0.21. Each of those four people's closed-eye photo is the lowest
 * of their ten frontal ones. So the eyes part ramps (smoothly) from 0 at EYES_CLOSED to 1 at EYES_OPEN: the blinks
 * above read 0–0.19, a face at the 5th percentile 0.92; 1% of faces (below 0.23: 50, mostly squints) keep half of
 * it or less, the price of catching blinks on this scale. A turned face's eyes are measured less reliably, so the
 * eyes weigh in proportion to the pose part.
 */
import type { FaceLandmarks } from './face-detection.js';
import { poseFromLandmarks } from './face-quality.js';

/** The measurements culling ranks a face by (as stored with the face). */
export interface FrameFace {
  box: { x: number; y: number; width: number; height: number };
  /** Stored keypoints, `{name: [x, y]}` in displayed-photo pixels. */
  landmarks: Record<string, [number, number]> | null;
  detectorScore: number | null;
  /** The recognition quality (face-quality.ts), used when the parts cannot be measured. */
  quality: number | null;
  laplacianVariance: number | null;
  /** Eye aspect ratio from the 68 landmarks (eye-openness.ts); null when not measured. */
  eyeOpenness: number | null;
}

/** The parts, each in [0, 1] (null: not measured for this face), and the score they make. */
export interface FrameQuality {
  sharpness: number | null;
  size: number;
  pose: number | null;
  /** Eyes open: 0 closed, 1 open (null: not measured). */
  eyes: number | null;
  /** How much of the face (with a margin for forehead and chin) lies inside the frame. */
  edge: number;
  confidence: number | null;
  /** In [0, 1]; frames are ranked by it. */
  score: number;
}

const SHARP_LOW = Math.log(1);
const SHARP_HIGH = Math.log(1000);
/**
 * Weights of the weighted geometric mean. Within a burst sharpness and the eyes are what usually differ, so they weigh
 * most: with eyes at 0.2 a closed-eye frame (eyes part at its 0.01 floor) keeps 0.01^0.2 = 0.40 of its score, less
 * than a frame blurred by σ 5 keeps (sharpness 0.13 → 0.13^0.35 = 0.49): a blink is a reject however sharp. Size and
 * pose, the same across a burst, gave up the weight the eyes took.
 */
const WEIGHTS = { sharpness: 0.35, eyes: 0.2, size: 0.15, pose: 0.15, edge: 0.1, confidence: 0.05 } as const;
/** Eye aspect ratios (see the header): closed at or below EYES_CLOSED, open at or above EYES_OPEN. */
export const EYES_CLOSED = 0.2;
export const EYES_OPEN = 0.26;
/** The box grown by this much on each side before measuring what the frame edge cuts (BlazeFace boxes are tight). */
const EDGE_MARGIN = 0.15;

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));
const ramp = (x: number, lo: number, hi: number): number => {
  const t = clamp01((x - lo) / (hi - lo));
  return t * t * (3 - 2 * t);
};

/** Eyes part from the eye aspect ratio: 0 at EYES_CLOSED and below, 1 at EYES_OPEN and above. */
export function eyesPart(eyeOpenness: number): number {
  return ramp(eyeOpenness, EYES_CLOSED, EYES_OPEN);
}

/** Sharpness part from the Laplacian variance of the aligned crop. */
export function sharpnessPart(laplacianVariance: number): number {
  return clamp01((Math.log(Math.max(laplacianVariance, 1e-6)) - SHARP_LOW) / (SHARP_HIGH - SHARP_LOW));
}

/** Share of the (margin-grown) box inside a `width` × `height` frame. */
export function edgePart(box: FrameFace['box'], width: number, height: number): number {
  const mx = box.width * EDGE_MARGIN;
  const my = box.height * EDGE_MARGIN;
  const x0 = box.x - mx;
  const y0 = box.y - my;
  const x1 = box.x + box.width + mx;
  const y1 = box.y + box.height + my;
  const area = (x1 - x0) * (y1 - y0);
  if (area <= 0) return 0;
  const inside = Math.max(0, Math.min(x1, width) - Math.max(x0, 0)) * Math.max(0, Math.min(y1, height) - Math.max(y0, 0));
  return clamp01(inside / area);
}

/** Scores one face of a `width` × `height` photo. */
export function frameQuality(face: FrameFace, width: number, height: number): FrameQuality {
  const size = ramp(face.box.width, 24, 160);
  const edge = edgePart(face.box, width, height);
  const sharpness = face.laplacianVariance === null ? null : sharpnessPart(face.laplacianVariance);
  const confidence = face.detectorScore === null ? null : ramp(face.detectorScore, 0.5, 0.95);
  let pose: number | null = null;
  const lm = face.landmarks;
  if (lm?.['rightEye'] && lm['leftEye'] && lm['noseTip']) {
    const point = (p: [number, number]) => ({ x: p[0], y: p[1] });
    const { yaw, rollDegrees } = poseFromLandmarks({ rightEye: point(lm['rightEye']), leftEye: point(lm['leftEye']), noseTip: point(lm['noseTip']) } as FaceLandmarks);
    pose = (1 - ramp(Math.abs(yaw), 0.15, 0.9)) * (1 - 0.5 * ramp(Math.abs(rollDegrees), 45, 90));
  }
  const eyes = face.eyeOpenness === null ? null : eyesPart(face.eyeOpenness);
  const parts: Array<[number | null, number]> = [
    // A face without its own sharpness measurement (found before it was stored) is ranked by its recognition quality.
    [sharpness ?? face.quality, WEIGHTS.sharpness],
    [size, WEIGHTS.size],
    [pose, WEIGHTS.pose],
    // Eyelids of a turned face are placed less reliably: the eyes weigh as much as the face is frontal.
    [eyes, WEIGHTS.eyes * (pose ?? 1)],
    [edge, WEIGHTS.edge],
    [confidence, WEIGHTS.confidence],
  ];
  let sum = 0;
  let weights = 0;
  for (const [value, weight] of parts) {
    if (value === null) continue;
    // A floor so that one zero part does not hide the others' ordering.
    sum += weight * Math.log(Math.max(value, 0.01));
    weights += weight;
  }
  const score = weights === 0 ? 0 : clamp01((Math.exp(sum / weights) - 0.01) / 0.99);
  return { sharpness, size, pose, eyes, edge, confidence, score };
}
