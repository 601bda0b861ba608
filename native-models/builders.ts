/**
 * The per-model builders named by the manifest's `builder` field: each turns verified source files into ONNX bytes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ModelBuilderName, ModelEntry } from '../app/shared/model-manifest.js';
import { buildDlibResnetOnnx } from './dlib-resnet/dlib-resnet-graph.js';
import type { CheckedSource } from './source-files.js';

/** What a builder gets: the manifest entry and its source files, already checked against their hashes. */
export interface BuildInput {
  entry: ModelEntry;
  packageDir: string;
  files: CheckedSource[];
}

/** Produces the model's ONNX bytes; must be deterministic (same bytes every run). */
export type ModelBuilder = (input: BuildInput) => Promise<Uint8Array>;

/** Thrown when a builder's code is not (yet) part of this checkout; the build reports it instead of failing. */
export class BuilderUnavailableError extends Error {
  override readonly name = 'BuilderUnavailableError';
}

const here = dirname(fileURLToPath(import.meta.url));

function fileEndingWith(input: BuildInput, suffix: string): CheckedSource {
  const found = input.files.find((f) => f.path.endsWith(suffix));
  if (!found) throw new Error(`model ${input.entry.id}: no source path ends with ${suffix}`);
  return found;
}

/** tfjs graph-model converters, by model id: the module (relative to native-models/) and its export. */
const tfjsGraphConverters: Record<string, { module: string; exportName: string }> = {
  'mobilefacenet-192': { module: 'tfjs-graph/mobilefacenet', exportName: 'buildMobileFaceNetOnnx' },
};

async function buildTfjsGraph(input: BuildInput): Promise<Uint8Array> {
  const converter = tfjsGraphConverters[input.entry.id];
  if (!converter) throw new Error(`model ${input.entry.id}: no tfjs-graph converter is registered for it`);
  const base = join(here, converter.module);
  const file = ['.ts', '.js'].map((ext) => base + ext).find((f) => existsSync(f));
  if (!file) {
    throw new BuilderUnavailableError(
      `builder "tfjs-graph" for ${input.entry.id}: native-models/${converter.module}.ts is not in this checkout yet`,
    );
  }
  // Imported by URL: the converter may be absent at type-check time.
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const convert = mod[converter.exportName];
  if (typeof convert !== 'function') {
    throw new BuilderUnavailableError(`builder "tfjs-graph": ${converter.module} does not export ${converter.exportName}`);
  }
  const sourceDir = dirname(fileEndingWith(input, '.json').absolutePath);
  return (await (convert as (dir: string) => Promise<Uint8Array>)(sourceDir)) as Uint8Array;
}

/** The builder table. */
export const builders: Record<ModelBuilderName, ModelBuilder> = {
  /** The source is already an ONNX file: copy its bytes. */
  copy: async (input) => {
    if (input.files.length !== 1) throw new Error(`model ${input.entry.id}: builder "copy" takes exactly one source path`);
    return new Uint8Array(readFileSync(input.files[0]!.absolutePath));
  },
  /** face-api's quantized FaceRecognitionNet weights → dlib ResNet ONNX graph. */
  'dlib-resnet': async (input) =>
    buildDlibResnetOnnx(dirname(fileEndingWith(input, '-weights_manifest.json').absolutePath)),
  /** A TensorFlow.js graph model (model.json + .bin) → ONNX, through the converter in tfjs-graph/. */
  'tfjs-graph': buildTfjsGraph,
};
