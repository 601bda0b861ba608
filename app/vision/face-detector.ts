/**
 * Finds faces of every size in a photo with the two BlazeFace networks: the whole photo letterboxed (back-256), the
 * photo padded to twice its size (front-128, for faces that fill the frame) and overlapping tiles of an image pyramid
 * (back-256, for small faces in group photos). Every detection is mapped back to original pixels and the lot is
 * merged with weighted NMS. See `detection-plan.ts` for which runs a photo gets.
 */
import type { BlazeFaceModel } from './blazeface-model.js';
import { DEFAULT_PLAN_OPTIONS, planDetectionRuns, smallestPlannedFace, type DetectionPlanOptions, type DetectionRun } from './detection-plan.js';
import { fillDetectorInput } from './detector-input.js';
import { boxArea, insideFraction, intersectionArea, mapDetection, type Box, type FaceDetection } from './face-detection.js';
import { resizeRgbImage, type RgbImage } from './rgb-image.js';
import { DEFAULT_SECOND_LOOK_OPTIONS, secondLook, type SecondLookOptions } from './close-up-second-look.js';
import { suppressAcrossScales, type MergedDetection } from './weighted-nms.js';

/** The two networks (input sides 128 and 256). */
export interface FaceDetectorModels {
  front: BlazeFaceModel;
  back: BlazeFaceModel;
}

/** Resizes an RGB image to an exact size (sharp by default; a port so it can be swapped). */
export type ResizeRgb = (image: RgbImage, width: number, height: number) => Promise<RgbImage>;

/** Tuning of the detector; defaults in `DEFAULT_FACE_DETECTOR_OPTIONS`. */
export interface FaceDetectorOptions {
  plan: DetectionPlanOptions;
  /** Merged detections below this score are dropped. */
  minScore: number;
  /** A face seen by a single run (support 1) needs this score: one vote is weaker evidence than several. */
  minScoreSingleRun: number;
  /** Faces whose box is narrower than this (original pixels) are dropped. */
  minFacePx: number;
  /** Weighted NMS across runs: IoU to blend, and nested-box fraction to suppress. */
  iouThreshold: number;
  containmentThreshold: number;
  /** When no face is accepted: look again at large rejected candidates (close-ups, profiles); null: never. */
  secondLook: SecondLookOptions | null;
  resize: ResizeRgb;
}

/**
 * Defaults chosen on the fixtures and `../shared/faces` (see face-detector.test.ts): the false detections seen there
 * score 0.51–0.70 (coffee cup 0.66 in two runs, hair and sofa textures ≤ 0.70 in one run); the weakest true faces
 * 0.73–0.74 (profile, looking down; each found by 2–5 runs), the weakest true face found by one run only 0.80.
 */
export const DEFAULT_FACE_DETECTOR_OPTIONS: FaceDetectorOptions = {
  plan: DEFAULT_PLAN_OPTIONS,
  minScore: 0.7,
  minScoreSingleRun: 0.75,
  minFacePx: 20,
  iouThreshold: 0.3,
  containmentThreshold: 0.5,
  secondLook: DEFAULT_SECOND_LOOK_OPTIONS,
  resize: resizeRgbImage,
};

/** What `detectFaces` returns. */
export interface FaceDetectionResult {
  /** Faces in original pixels, best score first. */
  faces: MergedDetection[];
  /** Number of network runs made. */
  runs: number;
  /** Smallest face width (original pixels) the plan looked for; smaller faces may be missed. */
  smallestFacePx: number;
}

/** Detections of one run, filtered to the run's trusted sizes and mapped to original pixels. */
export function mapRunDetections(
  run: DetectionRun,
  detections: readonly FaceDetection[],
  imageWidth: number,
  imageHeight: number,
): FaceDetection[] {
  const sx = imageWidth / run.scaledWidth;
  const sy = imageHeight / run.scaledHeight;
  // Edges of the window that lie inside the photo: a face crossing one is cut, and a neighbour tile sees it whole.
  const margin = 1;
  const cutLeft = run.tile && run.left > 0;
  const cutTop = run.tile && run.top > 0;
  const cutRight = run.tile && run.left + run.size < run.scaledWidth;
  const cutBottom = run.tile && run.top + run.size < run.scaledHeight;
  const out: FaceDetection[] = [];
  for (const d of detections) {
    const { box } = d;
    if (box.width < run.minBox || box.width > run.maxBox) continue;
    if (run.mirrored && !cutByFrame(box, run)) continue;
    if (cutLeft && box.x < margin) continue;
    if (cutTop && box.y < margin) continue;
    if (cutRight && box.x + box.width > run.size - margin) continue;
    if (cutBottom && box.y + box.height > run.size - margin) continue;
    out.push(mapDetection(d, sx, sy, run.left * sx, run.top * sy));
  }
  return out;
}

/**
 * Does this box (window pixels of a mirrored run) cross the photo's frame with at least 40% of it inside? Faces wholly
 * inside are the plain runs' to find; a box mostly in the mirrored border is a reflection.
 */
function cutByFrame(box: Box, run: DetectionRun): boolean {
  const inPhoto = { ...box, x: box.x + run.left, y: box.y + run.top };
  const whole = inPhoto.x >= 0 && inPhoto.y >= 0 && inPhoto.x + box.width <= run.scaledWidth && inPhoto.y + box.height <= run.scaledHeight;
  return !whole && insideFraction(inPhoto, run.scaledWidth, run.scaledHeight) >= 0.4;
}

/** Runs every planned detector pass; returns each run's trusted detections in original pixels, before merging. */
export async function collectDetections(
  image: RgbImage,
  models: FaceDetectorModels,
  runs: readonly DetectionRun[],
  resize: ResizeRgb = resizeRgbImage,
): Promise<Map<DetectionRun, FaceDetection[]>> {
  // One resize per pyramid level, shared by all of its tiles; largest level first, each made from the previous one
  // (a 6000-px photo to a 1500-px level, then that to 500 px...): a fraction of resizing every level from the photo.
  const byScale = new Map<string, DetectionRun[]>();
  for (const r of runs) {
    const key = `${r.scaledWidth}x${r.scaledHeight}`;
    const list = byScale.get(key) ?? [];
    list.push(r);
    byScale.set(key, list);
  }
  const levels = [...byScale.values()].sort((a, b) => b[0]!.scaledWidth * b[0]!.scaledHeight - a[0]!.scaledWidth * a[0]!.scaledHeight);
  const inputs = { front: new Float32Array(models.front.inputSize ** 2 * 3), back: new Float32Array(models.back.inputSize ** 2 * 3) };
  const found = new Map<DetectionRun, FaceDetection[]>();
  let source = image;
  for (const levelRuns of levels) {
    const first = levelRuns[0] as DetectionRun;
    const larger = source.width >= first.scaledWidth && source.height >= first.scaledHeight;
    const scaledImage = await resize(larger ? source : image, first.scaledWidth, first.scaledHeight);
    // Only a downscaled level is a source for the next: one enlarged from the photo (a small photo's whole-image
    // run) would hand the smaller levels its interpolation blur, so they are made from the photo itself.
    if (scaledImage.width <= image.width) source = scaledImage;
    for (const run of levelRuns) {
      const model = models[run.detector];
      if (model.inputSize !== run.size) throw new Error(`plan expects a ${run.size}px ${run.detector} model`);
      const input = fillDetectorInput(scaledImage, run.left, run.top, run.size, model.normalization, inputs[run.detector], run.mirrored);
      const detections = await model.detect(input);
      found.set(run, mapRunDetections(run, detections, image.width, image.height));
    }
  }
  return found;
}

/**
 * Finds the faces in an oriented RGB photo: from 24 px or 1/60 of the longer side, whichever is larger (see
 * `smallestFacePx`), up to the full frame, and faces cut by the frame; a photo of 2 MP or more takes about 25 runs.
 */
export async function detectFaces(
  image: RgbImage,
  models: FaceDetectorModels,
  options: Partial<FaceDetectorOptions> = {},
): Promise<FaceDetectionResult> {
  const o = { ...DEFAULT_FACE_DETECTOR_OPTIONS, ...options };
  const plan = { ...o.plan, frontSize: models.front.inputSize, backSize: models.back.inputSize };
  const runs = planDetectionRuns(image.width, image.height, plan);
  const found = await collectDetections(image, models, runs, o.resize);
  const merge = (mirrored: boolean) =>
    suppressAcrossScales(runs.filter((r) => r.mirrored === mirrored).flatMap((r) => found.get(r) ?? []), { iouThreshold: o.iouThreshold, containmentThreshold: o.containmentThreshold });
  const accepted = (d: MergedDetection) =>
    d.score >= (d.support > 1 ? o.minScore : Math.max(o.minScore, o.minScoreSingleRun)) && d.box.width >= o.minFacePx;
  const merged = merge(false);
  const faces = merged.filter(accepted);
  const second = faces.length === 0 && o.secondLook ? await secondLook(image, merged, models, o.secondLook) : { faces: [], runs: 0 };
  faces.push(...second.faces.filter((d) => d.box.width >= o.minFacePx));
  // Faces cut by the frame, from the mirrored run alone: never blended with a face the other runs found, whose box
  // the mirror image would pull across the edge.
  const cut = merge(true).filter((d) => accepted(d) && !faces.some((f) => overlaps(f.box, d.box)));
  return { faces: [...faces, ...cut], runs: runs.length + second.runs, smallestFacePx: smallestPlannedFace(image.width, image.height, runs) };
}

/** Do two boxes share a fair part of the smaller one (the cross-scale suppression's nesting test, loosened)? */
function overlaps(a: Box, b: Box): boolean {
  return intersectionArea(a, b) > 0.3 * Math.min(boxArea(a), boxArea(b));
}
