/**
 * The alignment template of dlib's face recognition ResNet, derived from dlib's own numbers.
 *
 * dlib trained the network on "face chips": `extract_image_chip(img, get_face_chip_details(shape, 150, 0.25))`.
 * `get_face_chip_details` (dlib/image_transforms/interpolation.h) fits a similarity transform from the detected
 * 68 landmarks to dlib's mean face shape placed in the chip: a mean-shape point p (in [0,1]², points 17..67) lands at
 * `(padding + p) / (2·padding + 1) · size` chip pixels. (dlib's chip coordinates put pixel centres on integers.)
 * So, for a face shaped like the mean face, the landmarks fall exactly on those chip coordinates; those are the
 * target points a similarity warp from our own landmarks (BlazeFace: eyes, nose tip, mouth centre) should use.
 *
 * Run `npx tsx native-models/dlib-resnet/dlib-face-template.ts` to print the template recorded in manifest.json.
 */
import { fileURLToPath } from 'node:url';

export { DLIB_MEAN_FACE_X, DLIB_MEAN_FACE_Y } from '../../app/vision/dlib-face-chip.js';
import { DLIB_MEAN_FACE_X, DLIB_MEAN_FACE_Y } from '../../app/vision/dlib-face-chip.js';

/** Chip position of mean-shape landmark `index` (17..67 of the iBUG 68-point scheme). */
export function meanShapePointInChip(index: number, size: number, padding: number): [number, number] {
  const x = DLIB_MEAN_FACE_X[index - 17];
  const y = DLIB_MEAN_FACE_Y[index - 17];
  if (x === undefined || y === undefined) throw new Error(`dlib mean face has points 17..67, not ${index}`);
  return [((padding + x) / (2 * padding + 1)) * size, ((padding + y) / (2 * padding + 1)) * size];
}

function meanOf(indices: number[], size: number, padding: number): [number, number] {
  const pts = indices.map((i) => meanShapePointInChip(i, size, padding));
  return [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
}

const round4 = (v: number): number => Math.round(v * 1e4) / 1e4;

/** The four template points for a chip of `size` px with `padding` (dlib's face recognition uses 150, 0.25). */
export function dlibChipTemplate(size = 150, padding = 0.25) {
  const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, k) => a + k);
  const pts = {
    // iBUG 36..41 is the subject's right eye (image left), 42..47 the subject's left eye.
    rightEye: meanOf(range(36, 41), size, padding),
    leftEye: meanOf(range(42, 47), size, padding),
    noseTip: meanOf([30], size, padding),
    // Mouth centre = midpoint of the outer lip corners 48 and 54, the same definition as for the ArcFace template
    // (mean of its two mouth corners). The mean of all 20 mouth points (48..67) would sit 2.4 px lower (y 105.42).
    mouthCenter: meanOf([48, 54], size, padding),
  };
  const r = (p: [number, number]): [number, number] => [round4(p[0]), round4(p[1])];
  return {
    width: size,
    height: size,
    points: { rightEye: r(pts.rightEye), leftEye: r(pts.leftEye), noseTip: r(pts.noseTip), mouthCenter: r(pts.mouthCenter) },
    source:
      `dlib get_face_chip_details(shape, ${size}, ${padding}): dlib's mean face shape (dlib/image_transforms/interpolation.h) ` +
      `mapped to chip pixels by (padding + p) / (2 padding + 1) * size; eyes = mean of iBUG points 36-41 / 42-47, ` +
      `nose tip = point 30, mouth centre = mean of outer lip corners 48 and 54; pixel centres on integer coordinates. ` +
      `Reproduce: npx tsx native-models/dlib-resnet/dlib-face-template.ts`,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(dlibChipTemplate(), null, 2));
}
