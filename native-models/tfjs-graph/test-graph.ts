/**
 * Test support (imported by *.test.ts only): builds tiny tfjs graph models in memory and runs them
 * both through TensorFlow.js itself (cpu backend, the reference) and through our ONNX conversion
 * in ONNX Runtime.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import * as ort from '../../app/vision/onnx-runtime.js';
import type { onnx as OnnxNamespace } from 'onnx-proto';
import { convertTfjsGraph, type ConvertOptions, type ConvertedGraph } from './convert-graph.js';
import type { TfjsGraphModel } from './read-tfjs-model.js';
import type { TfjsAttrValue, TfjsModelJson, TfjsNode, WeightEntry } from './tfjs-model-json.js';
import { decodeWeights } from './weights.js';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** Attribute values in model.json's encoding. */
export const attr = {
  str: (s: string): TfjsAttrValue => ({ s: b64(s) }),
  strs: (s: string[]): TfjsAttrValue => ({ list: { s: s.map(b64) } }),
  int: (i: number): TfjsAttrValue => ({ i: String(i) }),
  ints: (i: number[]): TfjsAttrValue => ({ list: { i: i.map(String) } }),
  float: (f: number): TfjsAttrValue => ({ f }),
  bool: (b: boolean): TfjsAttrValue => ({ b }),
  type: (t: string): TfjsAttrValue => ({ type: t }),
};

/** Float feed: data and shape. */
export interface Feed {
  shape: number[];
  data: Float32Array;
}

/** A tiny tfjs graph under construction. */
export class TestGraph {
  readonly nodes: TfjsNode[] = [];
  private readonly entries: WeightEntry[] = [];
  private readonly chunks: Uint8Array[] = [];

  /** A float32 Placeholder; -1 marks a dimension left open. */
  input(name: string, shape: number[]): string {
    this.nodes.push({
      name,
      op: 'Placeholder',
      attr: { dtype: attr.type('DT_FLOAT'), shape: { shape: { dim: shape.map((d) => ({ size: String(d) })) } } },
    });
    return name;
  }

  /** A Const node with its values stored as a weight. */
  constant(name: string, shape: number[], values: ArrayLike<number>, dtype: 'float32' | 'int32' = 'float32'): string {
    const data = dtype === 'float32' ? Float32Array.from(values) : Int32Array.from(values);
    const dt = dtype === 'float32' ? 'DT_FLOAT' : 'DT_INT32';
    this.nodes.push({
      name,
      op: 'Const',
      attr: { dtype: attr.type(dt), value: { tensor: { dtype: dt, tensorShape: { dim: shape.map((d) => ({ size: String(d) })) } } } },
    });
    this.entries.push({ name, shape, dtype });
    this.chunks.push(new Uint8Array(data.buffer));
    return name;
  }

  /** Any op node; `T: DT_FLOAT` is added unless given. */
  op(name: string, op: string, inputs: string[], attrs: Record<string, TfjsAttrValue> = {}): string {
    this.nodes.push({ name, op, input: inputs, attr: { T: attr.type('DT_FLOAT'), ...attrs } });
    return name;
  }

  /** The model.json (one weight group, one shard `weights.bin`). */
  json(): TfjsModelJson {
    return {
      format: 'graph-model',
      modelTopology: { node: this.nodes, versions: { producer: 1 } },
      weightsManifest: [{ paths: ['weights.bin'], weights: this.entries }],
    };
  }

  /** The shard bytes. */
  weightBytes(): Uint8Array {
    return Buffer.concat(this.chunks);
  }

  /** The model as our reader would return it. */
  model(): TfjsGraphModel {
    const json = this.json();
    return { json, weights: decodeWeights(json.weightsManifest, [[this.weightBytes()]]) };
  }

  /** Runs the graph in TensorFlow.js (cpu backend). */
  async runTfjs(feeds: Record<string, Feed>, outputs: string[]): Promise<Float32Array[]> {
    return runTfjsGraph(this.json(), this.weightBytes(), feeds, outputs);
  }

  /** Converts the graph and runs it in ONNX Runtime. */
  async runOnnx(feeds: Record<string, Feed>, options: ConvertOptions = {}): Promise<{ values: Float32Array[]; converted: ConvertedGraph }> {
    const converted = convertTfjsGraph(this.model(), options);
    const values = await runOnnx(converted.graph.encode(), feeds, converted.outputs.map((o) => o.name));
    return { values, converted };
  }
}

/** Runs a tfjs graph model given as json + weight bytes, on tfjs's cpu (default) or wasm backend. */
export async function runTfjsGraph(
  json: TfjsModelJson,
  weights: Uint8Array,
  feeds: Record<string, Feed>,
  outputs: string[],
  backend: 'cpu' | 'wasm' = 'cpu',
): Promise<Float32Array[]> {
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} is not available`);
  const artifacts = {
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[],
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
    format: 'graph-model',
  };
  const model = await tf.loadGraphModel({ load: async () => artifacts });
  const inputs = Object.fromEntries(Object.entries(feeds).map(([k, f]) => [k, tf.tensor(f.data, f.shape, 'float32')]));
  const result = model.execute(inputs, outputs);
  const list = Array.isArray(result) ? result : [result];
  const values = await Promise.all(list.map(async (t) => Float32Array.from(await t.data())));
  tf.dispose([...list, ...Object.values(inputs)]);
  model.dispose();
  return values;
}

/** Runs ONNX bytes in ONNX Runtime. */
export async function runOnnx(bytes: Uint8Array, feeds: Record<string, Feed>, outputs: string[]): Promise<Float32Array[]> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  const result = await session.run(Object.fromEntries(Object.entries(feeds).map(([k, f]) => [k, new ort.Tensor('float32', f.data, f.shape)])));
  await session.release();
  return outputs.map((o) => result[o]!.data as Float32Array);
}

/** Deterministic pseudo-random floats in [lo, hi). */
export function randomFloats(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = lo + ((s >>> 0) / 2 ** 32) * (hi - lo);
  }
  return out;
}

/** A random feed of the given shape. */
export function randomFeed(shape: number[], seed: number, lo = -1, hi = 1): Feed {
  return { shape, data: randomFloats(shape.reduce((a, b) => a * b, 1), seed, lo, hi) };
}

/** Largest |a − b|; throws on a length mismatch. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Runs `g` both ways (outputs: the converter's defaults) and gives the largest difference over all outputs. */
export async function compareWithTfjs(
  g: TestGraph,
  feeds: Record<string, Feed>,
  options: ConvertOptions = {},
): Promise<{ diff: number; tfjs: Float32Array[]; onnx: Float32Array[]; converted: ConvertedGraph }> {
  const { values: onnx, converted } = await g.runOnnx(feeds, options);
  const tfjs = await g.runTfjs(feeds, converted.outputs.map((o) => o.name));
  const diff = Math.max(...tfjs.map((t, i) => maxAbsDiff(t, onnx[i]!)));
  return { diff, tfjs, onnx, converted };
}

/** How many nodes of each op type an ONNX model holds. */
export function onnxOpCounts(bytes: Uint8Array): Record<string, number> {
  const { onnx } = createRequire(import.meta.url)('onnx-proto') as { onnx: typeof OnnxNamespace };
  const model = onnx.ModelProto.decode(bytes);
  const counts: Record<string, number> = {};
  for (const n of model.graph?.node ?? []) counts[n.opType!] = (counts[n.opType!] ?? 0) + 1;
  return counts;
}
