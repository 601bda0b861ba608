/**
 * dlib's face chip from 68 landmarks: `get_face_chip_details(shape, size, padding)` (dlib/image_transforms/
 * interpolation.h, 68-point branch) fits a least-squares similarity from the landmarks to dlib's mean face shape placed
 * in the chip — every point from 17 to 67 except the eyebrows (17–26) and the lower lip (55–59, 65–67). This is the
 * crop dlib's face recognition ResNet was trained on (size 150, padding 0.25).
 */
import type { Point } from './face-detection.js';
import { fitSimilarity, type Affine } from './similarity-transform.js';

/** dlib's mean face shape, x of points 17..67 (interpolation.h, `get_face_chip_details`, 68-point branch). */
export const DLIB_MEAN_FACE_X = [
  0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124, 0.904991, 0.98004, 0.490127,
  0.490127, 0.490127, 0.490127, 0.36688, 0.426036, 0.490127, 0.554217, 0.613373, 0.121737, 0.187122, 0.265825,
  0.334606, 0.260918, 0.182743, 0.645647, 0.714428, 0.793132, 0.858516, 0.79751, 0.719335, 0.254149, 0.340985,
  0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721, 0.490127, 0.423532, 0.338094, 0.290379,
  0.428096, 0.490127, 0.552157, 0.689874, 0.553364, 0.490127, 0.42689,
] as const;

/** dlib's mean face shape, y of points 17..67. */
export const DLIB_MEAN_FACE_Y = [
  0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915, 0.106454, 0.203352,
  0.307009, 0.409805, 0.515625, 0.587326, 0.609345, 0.628106, 0.609345, 0.587326, 0.216423, 0.178758, 0.179852,
  0.231733, 0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423, 0.244077, 0.245099, 0.780233, 0.745405,
  0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805, 0.902192, 0.909281, 0.902192, 0.864805, 0.784792,
  0.778746, 0.785343, 0.778746, 0.784792, 0.824182, 0.831803, 0.824182,
] as const;

/** The iBUG indices dlib fits the chip on. */
export const DLIB_CHIP_POINTS: readonly number[] = Array.from({ length: 51 }, (_, k) => k + 17).filter(
  (i) => !(i <= 26 || (i >= 55 && i <= 59) || i >= 65),
);

/**
 * The similarity from photo coordinates to chip coordinates (both with pixel centres at i + 0.5) for 68 landmarks in
 * photo pixels (iBUG order).
 */
export function dlibChipTransform(landmarks: readonly Point[], size: number, padding: number): Affine {
  if (landmarks.length !== 68) throw new Error(`dlib face chips need 68 landmarks, got ${landmarks.length}`);
  const from = DLIB_CHIP_POINTS.map((i) => landmarks[i]!);
  // dlib puts pixel centres on integer chip coordinates; ours at i + 0.5.
  const to = DLIB_CHIP_POINTS.map((i) => ({
    x: ((padding + DLIB_MEAN_FACE_X[i - 17]!) / (2 * padding + 1)) * size + 0.5,
    y: ((padding + DLIB_MEAN_FACE_Y[i - 17]!) / (2 * padding + 1)) * size + 0.5,
  }));
  return fitSimilarity(from, to);
}
