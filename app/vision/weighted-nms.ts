/**
 * Non-maximum suppression for face detections: MediaPipe's WEIGHTED algorithm (BlazeFace's "tie resolution"), plus a
 * final pass for detections gathered from several scales and tiles of one photo.
 */
import {
  FACE_LANDMARK_NAMES,
  boxArea,
  boxIoU,
  intersectionArea,
  type FaceDetection,
  type FaceLandmarks,
} from './face-detection.js';

/** Options of the weighted NMS. */
export interface WeightedNmsOptions {
  /** Detections overlapping the current best by more than this IoU are blended into it (MediaPipe: 0.3). */
  iouThreshold: number;
  /** Stop at this many outputs (default: no limit). */
  maxDetections?: number;
}

/** A detection after suppression, with how many raw detections were blended into it. */
export interface MergedDetection extends FaceDetection {
  /** Number of input detections blended into this one (≥ 1). */
  support: number;
}

function supportOf(d: FaceDetection): number {
  return (d as Partial<MergedDetection>).support ?? 1;
}

/** Score-weighted mean of a cluster's box corners and keypoints; the score stays the best one (as MediaPipe). */
function blend(cluster: readonly FaceDetection[], best: FaceDetection): MergedDetection {
  let total = 0;
  let x0 = 0;
  let y0 = 0;
  let x1 = 0;
  let y1 = 0;
  const sums = FACE_LANDMARK_NAMES.map(() => ({ x: 0, y: 0 }));
  let support = 0;
  for (const d of cluster) {
    const w = d.score;
    total += w;
    x0 += d.box.x * w;
    y0 += d.box.y * w;
    x1 += (d.box.x + d.box.width) * w;
    y1 += (d.box.y + d.box.height) * w;
    FACE_LANDMARK_NAMES.forEach((name, i) => {
      const s = sums[i] as { x: number; y: number };
      s.x += d.landmarks[name].x * w;
      s.y += d.landmarks[name].y * w;
    });
    support += supportOf(d);
  }
  if (!(total > 0)) return { ...best, support };
  const landmarks = {} as FaceLandmarks;
  FACE_LANDMARK_NAMES.forEach((name, i) => {
    const s = sums[i] as { x: number; y: number };
    landmarks[name] = { x: s.x / total, y: s.y / total };
  });
  const x = x0 / total;
  const y = y0 / total;
  return { box: { x, y, width: x1 / total - x, height: y1 / total - y }, landmarks, score: best.score, support };
}

/**
 * MediaPipe's weighted NMS: repeatedly take the best-scoring detection, blend every remaining detection whose IoU
 * with it exceeds the threshold (itself included) into a score-weighted average of boxes and keypoints, and remove
 * them. Returns detections in decreasing score order.
 */
export function weightedNms(detections: readonly FaceDetection[], options: WeightedNmsOptions): MergedDetection[] {
  let remaining = [...detections].sort((a, b) => b.score - a.score);
  const out: MergedDetection[] = [];
  const max = options.maxDetections ?? Infinity;
  while (remaining.length > 0 && out.length < max) {
    const best = remaining[0] as FaceDetection;
    const cluster: FaceDetection[] = [];
    const rest: FaceDetection[] = [];
    for (const d of remaining) {
      if (d === best || boxIoU(d.box, best.box) > options.iouThreshold) cluster.push(d);
      else rest.push(d);
    }
    out.push(blend(cluster, best));
    remaining = rest;
  }
  return out;
}

/** Options of the final suppression across scales and tiles. */
export interface CrossScaleNmsOptions extends WeightedNmsOptions {
  /**
   * A detection is dropped when more than this fraction of its own box lies inside a better detection's box:
   * the same face seen at another scale often yields a box nested in another with low IoU.
   */
  containmentThreshold: number;
}

/**
 * Final suppression for detections of one photo gathered from several runs (whole image, padded image, tiles at
 * several scales), all in original pixels: weighted NMS, then removal of boxes mostly contained in a better one.
 * A detection's rank is its score plus a small bonus for support, so a face confirmed by several runs wins ties.
 */
export function suppressAcrossScales(
  detections: readonly FaceDetection[],
  options: CrossScaleNmsOptions,
): MergedDetection[] {
  const merged = weightedNms(detections, { iouThreshold: options.iouThreshold });
  const rank = (d: MergedDetection): number => d.score + 0.02 * Math.min(d.support, 5);
  merged.sort((a, b) => rank(b) - rank(a));
  const kept: MergedDetection[] = [];
  for (const d of merged) {
    const area = boxArea(d.box);
    const nested = kept.some((k) => {
      const inter = intersectionArea(d.box, k.box);
      return area > 0 && inter / Math.min(area, boxArea(k.box)) > options.containmentThreshold;
    });
    if (!nested) kept.push(d);
  }
  kept.sort((a, b) => b.score - a.score);
  return options.maxDetections !== undefined ? kept.slice(0, options.maxDetections) : kept;
}
