/**
 * The face inside a region of a photo that the detector did not report on its own: a box drawn by hand in the
 * viewer, or a region another tool wrote into the photo's metadata. The region (with a margin, since people draw
 * loosely) is cut out and analysed on its own, where the face fills much of the frame and is found far more easily
 * than among a whole photo's pixels.
 */
import sharp from 'sharp';
import { boxIoU, mapDetection, type Box } from './face-detection.js';
import type { AnalysedFace } from './face-analyzer.js';
import type { FaceAnalysisPool } from './face-analysis-pool.js';

/** How much of the region's size is added on every side before cutting it out. */
export const REGION_MARGIN = 0.3;

/**
 * Detector score needed inside a region. Lower than for whole photos (0.7, 0.75 when one run alone sees it): someone
 * has said a face is there, and the faces a whole-photo pass misses are the weak ones (half hidden, dark, turned).
 * `npx tsx bench/region-threshold.ts` (tight portrait crops standing in for the cut-out box) on half-covered faces:
 * default thresholds find 58 of 158, 0.7 alone 76, 0.6 106, 0.5 124; the price, tiles with no face in them: 0, 1
 * and 4 "faces" found in 45. Imported metadata regions go through here too and get the same threshold.
 */
export const REGION_MIN_SCORE = 0.5;

/**
 * Finds and embeds the face in `box` (displayed-photo pixels); its box and landmarks come back in displayed-photo
 * pixels too. Undefined when the region holds no face the detector can see.
 */
export async function findFaceInRegion(pool: FaceAnalysisPool, filePath: string, box: Box): Promise<AnalysedFace | undefined> {
  const region = regionWithMargin(box, await displayedSize(filePath));
  const crop = await sharp(filePath).rotate().extract(region).png().toBuffer();
  const found = (await pool.analyse(new Uint8Array(crop), { minScore: REGION_MIN_SCORE })).faces.map((f) => shiftFace(f, region.left, region.top));
  // The margin can take in a neighbour's face: the face meant is the one centred in the box that fills it best.
  let best: AnalysedFace | undefined;
  for (const face of found) {
    const cx = face.box.x + face.box.width / 2;
    const cy = face.box.y + face.box.height / 2;
    const inside = cx >= box.x && cx <= box.x + box.width && cy >= box.y && cy <= box.y + box.height;
    if (inside && (!best || boxIoU(face.box, box) > boxIoU(best.box, box))) best = face;
  }
  return best;
}

/** Width and height of the photo as shown (after EXIF orientation). */
async function displayedSize(path: string): Promise<{ width: number; height: number }> {
  const m = await sharp(path).metadata();
  const swapped = (m.orientation ?? 1) >= 5;
  return { width: (swapped ? m.height : m.width) ?? 0, height: (swapped ? m.width : m.height) ?? 0 };
}

function regionWithMargin(box: Box, size: { width: number; height: number }) {
  const left = Math.max(0, Math.floor(box.x - box.width * REGION_MARGIN));
  const top = Math.max(0, Math.floor(box.y - box.height * REGION_MARGIN));
  const right = Math.min(size.width, Math.ceil(box.x + box.width * (1 + REGION_MARGIN)));
  const bottom = Math.min(size.height, Math.ceil(box.y + box.height * (1 + REGION_MARGIN)));
  return { left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
}

function shiftFace(face: AnalysedFace, dx: number, dy: number): AnalysedFace {
  const { box, landmarks } = mapDetection({ ...face, score: face.detectorScore }, 1, 1, dx, dy);
  return { ...face, box, landmarks };
}
