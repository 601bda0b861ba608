/**
 * Raw BlazeFace tensors → face detections, a port of MediaPipe's `TensorsToDetectionsCalculator` (CPU path) with
 * the options of MediaPipe's face detection graphs. Output coordinates are pixels of the detector input.
 */
import type { SsdAnchor } from './blazeface-anchors.js';
import { isFaceLandmarkName, type FaceDetection, type FaceLandmarks, type FaceLandmarkName } from './face-detection.js';

/** Options of MediaPipe's TensorsToDetectionsCalculator, camel-cased (as stored in the model manifest). */
export interface BlazeFaceDecodeOptions {
  numCoords: number;
  numKeypoints: number;
  boxCoordOffset: number;
  keypointCoordOffset: number;
  numValuesPerKeypoint: number;
  xScale: number;
  yScale: number;
  wScale: number;
  hScale: number;
  /** Raw logits are clipped to ±this before the sigmoid. */
  scoreClippingThresh: number;
  /** Detections whose sigmoid score is below this are dropped. */
  minScoreThresh: number;
  /** Name of each keypoint, in model order (must name all six BlazeFace keypoints). */
  keypoints: readonly string[];
  /** MediaPipe's `reverse_output_order`: true (BlazeFace) = x, y, w, h; false = y, x, h, w. Default true. */
  reverseOutputOrder?: boolean;
  /** MediaPipe's `apply_exponential_on_box_size`. Default false. */
  applyExponentialOnBoxSize?: boolean;
}

/** The model's outputs for one image, with the heads already concatenated in anchor order. */
export interface BlazeFaceRawOutput {
  /** One logit per anchor. */
  scores: Float32Array;
  /** `numCoords` values per anchor. */
  regressors: Float32Array;
}

/** One output tensor of the model, as ONNX Runtime returns it. */
export interface NamedTensor {
  name: string;
  dims: readonly number[];
  data: Float32Array;
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/**
 * Splits the model outputs into score heads (last dim 1) and regressor heads (last dim `numCoords`) and concatenates
 * each kind in the given order. BlazeFace's ONNX export has two heads of each kind (`Identity:0` 512 scores,
 * `Identity_1:0` 384 scores, `Identity_2:0` / `Identity_3:0` the matching regressors), in anchor-layer order.
 */
export function concatBlazeFaceHeads(outputs: readonly NamedTensor[], numCoords: number): BlazeFaceRawOutput {
  const scores = outputs.filter((t) => t.dims[t.dims.length - 1] === 1);
  const regressors = outputs.filter((t) => t.dims[t.dims.length - 1] === numCoords);
  if (scores.length === 0 || scores.length !== regressors.length) {
    throw new Error(`BlazeFace outputs: expected matching score and regressor heads, got ${outputs.map((t) => `${t.name}[${t.dims.join(',')}]`).join(' ')}`);
  }
  scores.forEach((s, i) => {
    const r = regressors[i] as NamedTensor;
    if (r.data.length !== s.data.length * numCoords) {
      throw new Error(`BlazeFace outputs: head ${s.name} (${s.data.length} anchors) does not match ${r.name}`);
    }
  });
  return { scores: concat(scores.map((t) => t.data)), regressors: concat(regressors.map((t) => t.data)) };
}

/** Maps each keypoint name to its index in the model's output, checking that all six are present. */
function keypointIndices(names: readonly string[], numKeypoints: number): Array<[FaceLandmarkName, number]> {
  const out: Array<[FaceLandmarkName, number]> = [];
  names.forEach((name, index) => {
    if (!isFaceLandmarkName(name)) throw new Error(`decode options: unknown keypoint name "${name}"`);
    if (index >= numKeypoints) throw new Error(`decode options: keypoint "${name}" beyond numKeypoints`);
    out.push([name, index]);
  });
  if (new Set(out.map(([n]) => n)).size !== 6) throw new Error('decode options: all six face keypoints must be named');
  return out;
}

/**
 * Decodes one image's outputs. Boxes and keypoints are offsets (in `xScale`/`yScale` units, i.e. input pixels for
 * BlazeFace) from the anchor centre, scaled by the anchor size. Returns every anchor whose score reaches
 * `minScoreThresh`, unsuppressed (run weighted NMS next), in pixels of a `inputWidth`×`inputHeight` detector input.
 */
export function decodeBlazeFace(
  raw: BlazeFaceRawOutput,
  anchors: readonly SsdAnchor[],
  options: BlazeFaceDecodeOptions,
  inputWidth: number,
  inputHeight: number,
): FaceDetection[] {
  const { numCoords } = options;
  if (options.numValuesPerKeypoint !== 2) throw new Error('decode options: only 2 values per keypoint are supported');
  if (options.numKeypoints * 2 + 4 !== numCoords) throw new Error('decode options: numCoords ≠ 4 + 2·numKeypoints');
  if (raw.scores.length !== anchors.length || raw.regressors.length !== anchors.length * numCoords) {
    throw new Error(`BlazeFace outputs: ${raw.scores.length} scores for ${anchors.length} anchors`);
  }
  const kps = keypointIndices(options.keypoints, options.numKeypoints);
  const xywh = options.reverseOutputOrder ?? true;
  const clip = options.scoreClippingThresh;
  const r = raw.regressors;
  const detections: FaceDetection[] = [];

  for (let i = 0; i < anchors.length; i++) {
    let logit = raw.scores[i] as number;
    if (clip > 0) logit = Math.min(clip, Math.max(-clip, logit));
    const score = 1 / (1 + Math.exp(-logit));
    if (!(score >= options.minScoreThresh)) continue;

    const anchor = anchors[i] as SsdAnchor;
    const o = i * numCoords + options.boxCoordOffset;
    const a0 = r[o] as number;
    const a1 = r[o + 1] as number;
    const a2 = r[o + 2] as number;
    const a3 = r[o + 3] as number;
    const [dx, dy, dw, dh] = xywh ? [a0, a1, a2, a3] : [a1, a0, a3, a2];
    const xCenter = (dx / options.xScale) * anchor.width + anchor.xCenter;
    const yCenter = (dy / options.yScale) * anchor.height + anchor.yCenter;
    const w = options.applyExponentialOnBoxSize
      ? Math.exp(dw / options.wScale) * anchor.width
      : (dw / options.wScale) * anchor.width;
    const h = options.applyExponentialOnBoxSize
      ? Math.exp(dh / options.hScale) * anchor.height
      : (dh / options.hScale) * anchor.height;
    // MediaPipe drops boxes with negative or NaN size (b/171391719).
    if (!(w >= 0) || !(h >= 0)) continue;

    const landmarks = {} as FaceLandmarks;
    for (const [name, k] of kps) {
      const ko = i * numCoords + options.keypointCoordOffset + k * 2;
      const k0 = r[ko] as number;
      const k1 = r[ko + 1] as number;
      const [kx, ky] = xywh ? [k0, k1] : [k1, k0];
      landmarks[name] = {
        x: ((kx / options.xScale) * anchor.width + anchor.xCenter) * inputWidth,
        y: ((ky / options.yScale) * anchor.height + anchor.yCenter) * inputHeight,
      };
    }
    detections.push({
      box: { x: (xCenter - w / 2) * inputWidth, y: (yCenter - h / 2) * inputHeight, width: w * inputWidth, height: h * inputHeight },
      landmarks,
      score,
    });
  }
  return detections;
}
