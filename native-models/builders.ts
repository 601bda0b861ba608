/**
 * The builders named by the manifest's `builder` field: each turns a model's verified source files into ONNX bytes,
 * reading what it needs (tensor names, input size, embedding size) from the model's manifest entry. Adding a model
 * whose source one of these already handles takes only a manifest entry; a new kind of source takes a builder here.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { ModelBuilderName, ModelEntry } from '../app/shared/model-manifest.js';
import { buildDlibResnetOnnx } from './dlib-resnet/dlib-resnet-graph.js';
import { buildLandmark68Onnx } from './face-landmarks/landmark68-graph.js';
import type { CheckedSource } from './source-files.js';
import { convertTfjsGraph } from './tfjs-graph/convert-graph.js';
import { readTfjsGraphModel } from './tfjs-graph/read-tfjs-model.js';

/** What a builder gets: the manifest entry and its source files, already checked against their hashes. */
export interface BuildInput {
  entry: ModelEntry;
  packageDir: string;
  files: CheckedSource[];
}

/** Produces the model's ONNX bytes; must be deterministic (same bytes every run). */
export type ModelBuilder = (input: BuildInput) => Promise<Uint8Array>;

/** Builders by the name a manifest entry gives in `builder`. */
export type ModelBuilders = Readonly<Record<ModelBuilderName, ModelBuilder>>;

/** Thrown when a builder's code is not (yet) part of this checkout; the build reports it instead of failing. */
export class BuilderUnavailableError extends Error {
  override readonly name = 'BuilderUnavailableError';
}

/** The source file whose path ends with `suffix`. */
export function sourceEndingWith(input: BuildInput, suffix: string): CheckedSource {
  const found = input.files.find((f) => f.path.endsWith(suffix));
  if (!found) throw new Error(`model ${input.entry.id}: no source path ends with ${suffix}`);
  return found;
}

/**
 * A TensorFlow.js graph model (`<name>.json` + weights) → ONNX: the graph from the entry's input tensor (NHWC, its
 * size) to its output tensor, named after the model file.
 */
async function buildTfjsGraph(input: BuildInput): Promise<Uint8Array> {
  const { entry } = input;
  if (entry.input.layout !== 'NHWC') throw new Error(`model ${entry.id}: builder "tfjs-graph" takes NHWC inputs (TensorFlow's layout)`);
  const json = sourceEndingWith(input, '.json').absolutePath;
  const model = await readTfjsGraphModel(json);
  const { graph, outputs } = convertTfjsGraph(model, {
    outputs: [entry.output.name],
    inputShapes: { [entry.input.name]: [-1, entry.input.height, entry.input.width, entry.input.channels] },
    graphName: basename(json, '.json'),
  });
  const shape = outputs[0]?.shape;
  if (shape?.length !== 2 || shape[1] !== entry.output.size) {
    throw new Error(`model ${entry.id}: output ${entry.output.name} has shape [${shape?.join(',')}], the manifest says [batch,${entry.output.size}]`);
  }
  return graph.encode('kindred tfjs-graph converter');
}

/** The builder table. */
export const builders: ModelBuilders = {
  /** The source is already an ONNX file: copy its bytes. */
  copy: async (input) => {
    if (input.files.length !== 1) throw new Error(`model ${input.entry.id}: builder "copy" takes exactly one source path`);
    return new Uint8Array(readFileSync(input.files[0]!.absolutePath));
  },
  /** face-api's quantized FaceRecognitionNet weights → dlib ResNet ONNX graph. */
  'dlib-resnet': async (input) => buildDlibResnetOnnx(dirname(sourceEndingWith(input, '-weights_manifest.json').absolutePath)),
  /** face-api's quantized FaceLandmark68Net weights → 68-point landmark ONNX graph. */
  'face-landmarks': async (input) => buildLandmark68Onnx(dirname(sourceEndingWith(input, '-weights_manifest.json').absolutePath)),
  /** A TensorFlow.js graph model (model.json + .bin) → ONNX, through the converter in tfjs-graph/. */
  'tfjs-graph': buildTfjsGraph,
};

/** The builder a manifest entry names; throws listing the known ones otherwise. */
export function builderFor(entry: ModelEntry, table: ModelBuilders = builders): ModelBuilder {
  const builder = Object.hasOwn(table, entry.builder) ? table[entry.builder] : undefined;
  if (!builder) throw new Error(`model ${entry.id}: no builder "${entry.builder}"; known: ${Object.keys(table).join(', ')}`);
  return builder;
}
