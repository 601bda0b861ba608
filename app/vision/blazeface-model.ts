/**
 * One BlazeFace network behind a small interface: fill an NHWC input in [-1, 1], get back decoded and suppressed
 * detections in input pixels. The ONNX Runtime session is created elsewhere (model registry) and passed in.
 */
import { Tensor, type InferenceSession } from './onnx-runtime.js';
import { generateSsdAnchors, type BlazeFaceAnchorOptions, type SsdAnchor } from './blazeface-anchors.js';
import { concatBlazeFaceHeads, decodeBlazeFace, type BlazeFaceDecodeOptions, type NamedTensor } from './blazeface-decoder.js';
import type { ModelNormalization } from '../shared/model-manifest.js';
import type { FaceDetection } from './face-detection.js';
import { weightedNms } from './weighted-nms.js';

/** What the model manifest records for a BlazeFace detector. */
export interface BlazeFaceSpec {
  /** How pixels are scaled into the input (the manifest's `input.normalization`). */
  normalization: ModelNormalization;
  anchors: BlazeFaceAnchorOptions;
  decode: BlazeFaceDecodeOptions;
  /** IoU above which raw detections are blended (the manifest's `nms.iouThreshold`). */
  nmsIouThreshold: number;
  /**
   * Output names in anchor order (the manifest's `outputs`). Without it, the session's output order is used and the
   * heads are told apart by their last dimension.
   */
  outputs?: { scores: readonly string[]; regressors: readonly string[] };
}

/** The subset of an ONNX Runtime session this module uses. */
export type DetectorSession = Pick<InferenceSession, 'inputNames' | 'outputNames' | 'run'>;

/** A ready-to-run BlazeFace detector. */
export interface BlazeFaceModel {
  /** Side of the square input, in pixels (128 or 256). */
  readonly inputSize: number;
  /** How pixels are scaled into the input (`fillDetectorInput`). */
  readonly normalization: ModelNormalization;
  /** Runs the network on an NHWC RGB tensor, normalised (`inputSize² × 3` floats); detections in input pixels. */
  detect(input: Float32Array): Promise<FaceDetection[]>;
}

/**
 * Wraps an ORT session of a BlazeFace ONNX file; the anchors are generated once here. The spec of a manifest
 * `DetectorEntry` is `blazeFaceSpec(entry)` (blazeface-specs.ts).
 */
export function createBlazeFaceModel(session: DetectorSession, spec: BlazeFaceSpec): BlazeFaceModel {
  const { anchors: anchorOptions, decode } = spec;
  if (anchorOptions.inputWidth !== anchorOptions.inputHeight) throw new Error('BlazeFace input must be square');
  const size = anchorOptions.inputWidth;
  const anchors: SsdAnchor[] = generateSsdAnchors(anchorOptions);
  const inputName = session.inputNames[0];
  if (inputName === undefined) throw new Error('BlazeFace session has no input');
  const outputNames = spec.outputs ? [...spec.outputs.scores, ...spec.outputs.regressors] : session.outputNames;

  return {
    inputSize: size,
    normalization: spec.normalization,
    async detect(input: Float32Array): Promise<FaceDetection[]> {
      if (input.length !== size * size * 3) throw new Error(`BlazeFace input: expected ${size * size * 3} floats`);
      const results = await session.run({ [inputName]: new Tensor('float32', input, [1, size, size, 3]) });
      const heads: NamedTensor[] = outputNames.map((name) => {
        const t = results[name];
        if (t === undefined || !(t.data instanceof Float32Array)) throw new Error(`BlazeFace output ${name} missing`);
        return { name, dims: t.dims, data: t.data };
      });
      const raw = concatBlazeFaceHeads(heads, decode.numCoords);
      return weightedNms(decodeBlazeFace(raw, anchors, decode, size, size), { iouThreshold: spec.nmsIouThreshold });
    },
  };
}
