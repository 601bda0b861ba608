/**
 * BlazeFace detectors as the model manifest describes them: anchors, decoding, output order and NMS come from each
 * detector's manifest entry (native-models/manifest.json records where every value was read off MediaPipe's graphs),
 * and helpers that open the detector pair the detection plan runs (manifest aliases `front` and `back`).
 */
import { dirname, resolve } from 'node:path';
import { createSession, type InferenceSession } from './onnx-runtime.js';
import { defaultManifestPath, findDetector, loadManifest, type DetectorEntry, type ModelManifest } from '../shared/model-manifest.js';
import { createBlazeFaceModel, type BlazeFaceSpec, type DetectorSession } from './blazeface-model.js';
import { modelForCpu } from './nchwc-padding.js';
import type { DetectorKind } from './detection-plan.js';
import type { FaceDetectorModels } from './face-detector.js';

/** The manifest alias of the detector each kind of detection run uses. */
const DETECTOR_ALIASES: Readonly<Record<DetectorKind, string>> = { front: 'front', back: 'back' };

/** How to decode a detector's outputs, from its manifest entry. */
export function blazeFaceSpec(entry: DetectorEntry): BlazeFaceSpec {
  return {
    normalization: entry.input.normalization,
    anchors: entry.anchors,
    decode: entry.decode,
    outputs: entry.outputs,
    nmsIouThreshold: entry.nms.iouThreshold,
  };
}

/** The manifest entries of the detector pair. */
export function faceDetectorEntries(manifest: ModelManifest = loadManifest()): Record<DetectorKind, DetectorEntry> {
  return { front: findDetector(manifest, DETECTOR_ALIASES.front), back: findDetector(manifest, DETECTOR_ALIASES.back) };
}

/**
 * Opens the detector pair's built ONNX files (`npm run models`) as the registry does, outside a registry
 * (tests, benchmarks). The files print harmless "Removing initializer" warnings, silenced here with log level 3.
 */
export async function openBlazeFaceModels(
  sessionOptions: InferenceSession.SessionOptions = {},
  manifestPath: string = defaultManifestPath,
): Promise<FaceDetectorModels> {
  const options: InferenceSession.SessionOptions = { logSeverityLevel: 3, ...sessionOptions };
  const entries = faceDetectorEntries(loadManifest(manifestPath));
  const open = async (entry: DetectorEntry) => {
    const path = resolve(dirname(manifestPath), entry.file);
    // As the model registry loads it for the CPU (nchwc-padding.ts), unless another provider is asked for.
    const model = options.executionProviders ? path : modelForCpu(path);
    return createBlazeFaceModel(await createSession(model, options), blazeFaceSpec(entry));
  };
  const [front, back] = await Promise.all([open(entries.front), open(entries.back)]);
  return { front, back };
}

/** The part of the model registry this needs: a detector session with its manifest entry. */
export interface DetectorSource {
  loadDetector(idOrAlias: string): Promise<{ session: DetectorSession; entry: DetectorEntry }>;
}

/** Both networks from the model registry, decoded as the manifest says. */
export async function loadFaceDetectorModels(registry: DetectorSource): Promise<FaceDetectorModels> {
  const [front, back] = await Promise.all([registry.loadDetector(DETECTOR_ALIASES.front), registry.loadDetector(DETECTOR_ALIASES.back)]);
  return { front: createBlazeFaceModel(front.session, blazeFaceSpec(front.entry)), back: createBlazeFaceModel(back.session, blazeFaceSpec(back.entry)) };
}
