/** A point in pixel coordinates (x to the right, y down). */
export interface Point {
  x: number;
  y: number;
}

/** An axis-aligned box: top-left corner and size, in pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The six BlazeFace keypoints. "Right" and "left" are the subject's: the right eye appears on the image's left
 * in an upright, unmirrored photo (MediaPipe's FaceKeyType order).
 */
export const FACE_LANDMARK_NAMES = ['rightEye', 'leftEye', 'noseTip', 'mouthCenter', 'rightEar', 'leftEar'] as const;

/** Name of one face keypoint. */
export type FaceLandmarkName = (typeof FACE_LANDMARK_NAMES)[number];

/** All six keypoints of a face. */
export type FaceLandmarks = Record<FaceLandmarkName, Point>;

/** One detected face: box, keypoints and detector confidence in [0, 1]. */
export interface FaceDetection {
  box: Box;
  landmarks: FaceLandmarks;
  score: number;
}

/** True when `name` is one of the six keypoint names. */
export function isFaceLandmarkName(name: string): name is FaceLandmarkName {
  return (FACE_LANDMARK_NAMES as readonly string[]).includes(name);
}

/** Area of a box (0 for degenerate boxes). */
export function boxArea(box: Box): number {
  return Math.max(0, box.width) * Math.max(0, box.height);
}

/** Area of the intersection of two boxes. */
export function intersectionArea(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Share of the box inside a `width`×`height` frame with its corner at the origin (0 for an empty box). */
export function insideFraction(box: Box, width: number, height: number): number {
  const area = boxArea(box);
  return area > 0 ? intersectionArea(box, { x: 0, y: 0, width, height }) / area : 0;
}

/** Intersection over union of two boxes, in [0, 1]. */
export function boxIoU(a: Box, b: Box): number {
  const inter = intersectionArea(a, b);
  const union = boxArea(a) + boxArea(b) - inter;
  return union > 0 ? inter / union : 0;
}

/** Maps a point through `p → p * scale + offset`, per axis. */
function mapPoint(p: Point, scaleX: number, scaleY: number, offsetX: number, offsetY: number): Point {
  return { x: p.x * scaleX + offsetX, y: p.y * scaleY + offsetY };
}

/**
 * Maps a detection through an axis-aligned scale and offset (`p → p * scale + offset`), e.g. from a detector's input
 * pixels back to the original image. Scales must be positive.
 */
export function mapDetection(
  detection: FaceDetection,
  scaleX: number,
  scaleY: number,
  offsetX: number,
  offsetY: number,
): FaceDetection {
  const { box } = detection;
  const landmarks = {} as FaceLandmarks;
  for (const name of FACE_LANDMARK_NAMES) {
    landmarks[name] = mapPoint(detection.landmarks[name], scaleX, scaleY, offsetX, offsetY);
  }
  return {
    box: { x: box.x * scaleX + offsetX, y: box.y * scaleY + offsetY, width: box.width * scaleX, height: box.height * scaleY },
    landmarks,
    score: detection.score,
  };
}

/** Distance between the two eye keypoints, in pixels: a size measure that does not depend on the box. */
export function interEyeDistance(landmarks: FaceLandmarks): number {
  return Math.hypot(landmarks.leftEye.x - landmarks.rightEye.x, landmarks.leftEye.y - landmarks.rightEye.y);
}
