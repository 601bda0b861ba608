/**
 * Rewrites a plain convolutional ONNX graph (the BlazeFace detectors) so that ONNX Runtime's CPU kernels keep it in
 * their blocked NCHWc layout from the first convolution to the heads. ORT leaves that layout — and adds a reorder,
 * an unfused Add and an unfused Relu — wherever a tensor's channel count is not a multiple of the CPU's block (16
 * floats with AVX-512: BlazeFace-back's 24-channel stages), and at every zero-channel Concat that widens a residual
 * shortcut (MediaPipe's channel padding). Here every inner channel count is padded to a multiple of the block with
 * zero weights and each such Concat becomes a 1×1 identity convolution. The padded channels hold exact zeros, so the
 * graph computes the same function (tested against the original).
 *
 * Measured on BlazeFace-back-256, one thread, AVX-512: 6.0 → 4.9 ms a run; with a block of 8 (AVX2 machines) only the
 * Concats change: 6.0 → 5.6 ms (`npm run bench -- --only models` prints the ratio on the machine it runs on).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { onnx as OnnxNamespace } from 'onnx-proto';
import { nchwcBlock } from './nchwc-block.js';

// onnx-proto is CommonJS; load it through require so its generated classes keep their statics.
const { onnx } = createRequire(import.meta.url)('onnx-proto') as { onnx: typeof OnnxNamespace };

type Node = OnnxNamespace.INodeProto;
type Tensor = OnnxNamespace.ITensorProto;

/** Channels of a tensor in NCHW: `real` as in the original graph, `padded` after the rewrite (zeros past `real`). */
interface Channels {
  real: number;
  padded: number;
}

/** Ops the rewrite understands; a graph with any other op is left as it is. */
const CHANNEL_PRESERVING = new Set(['Relu', 'MaxPool']);
const KNOWN_OPS = new Set(['Conv', 'Add', 'Concat', 'ConstantOfShape', 'Transpose', 'Reshape', ...CHANNEL_PRESERVING]);

/** Thrown inside the rewrite when the graph does not have the shape it handles; the caller gets null. */
class NotRewritable extends Error {}

let cpuBlock: number | undefined;

/** What a CPU session of the model at `path` should load: the model re-laid for this CPU where that applies, else the path. */
export function modelForCpu(path: string): string | Uint8Array {
  cpuBlock ??= nchwcBlock();
  return (cpuBlock > 0 && padChannelsForNchwc(readFileSync(path), cpuBlock)) || path;
}

/**
 * The model with every inner channel count a multiple of `block` (see the file comment), or null when the graph has
 * an op or a pattern this rewrite does not handle (such a model is used unchanged).
 */
export function padChannelsForNchwc(modelBytes: Uint8Array, block: number): Uint8Array | null {
  if (!Number.isInteger(block) || block < 2) return null;
  const model = onnx.ModelProto.decode(modelBytes);
  const graph = model.graph;
  if (!graph?.node?.every((n) => KNOWN_OPS.has(n.opType ?? ''))) return null;
  let nodes: Node[];
  try {
    nodes = rewriteNodes(graph, block);
  } catch (error) {
    if (error instanceof NotRewritable) return null;
    throw error;
  }
  graph.node = nodes;
  // Recorded intermediate shapes describe the unpadded graph; ORT infers them again.
  graph.valueInfo = [];
  const used = new Set(nodes.flatMap((n) => n.input ?? []));
  graph.initializer = (graph.initializer ?? []).filter((t) => used.has(t.name ?? ''));
  return onnx.ModelProto.encode(model).finish();
}

function rewriteNodes(graph: OnnxNamespace.IGraphProto, block: number): Node[] {
  const initializers = new Map(graph.initializer!.map((t) => [t.name!, t]));
  const consumers = new Map<string, Node[]>();
  for (const n of graph.node!) for (const input of n.input ?? []) consumers.set(input, [...(consumers.get(input) ?? []), n]);
  const graphOutputs = new Set(graph.output!.map((o) => o.name!));
  const channels = new Map<string, Channels>();
  const roundUp = (c: number) => Math.ceil(c / block) * block;
  /** A tensor every reader of which takes padded channels (so the conv writing it may pad its output). */
  const paddable = (name: string) =>
    !graphOutputs.has(name) && (consumers.get(name) ?? []).every((c) => c.opType === 'Conv' || c.opType === 'Add' || c.opType === 'Concat' || CHANNEL_PRESERVING.has(c.opType!));
  const renamed = new Map<string, string>();
  const source = (name: string) => renamed.get(name) ?? name;
  const out: Node[] = [];
  const producers = new Map(graph.node!.map((n) => [n.output![0]!, n]));

  for (const node of graph.node!) {
    node.input = (node.input ?? []).map(source);
    const [input, output] = [node.input[0]!, node.output![0]!];
    switch (node.opType) {
      case 'Conv': {
        const weight = floatInitializer(initializers, node.input[1]);
        const [co, ci, kh, kw] = weight.dims.map(Number) as [number, number, number, number];
        const inC = channels.get(input) ?? { real: ci, padded: ci };
        const group = intAttribute(node, 'group', 1);
        if (group === 1) {
          if (ci > inC.padded) throw new NotRewritable();
          const padded = paddable(output) ? roundUp(co) : co;
          node.input[1] = addFloat(graph, initializers, `${node.input[1]}_nchwc`, [padded, inC.padded, kh, kw], embed(weight.data, [co, ci, kh * kw], [padded, inC.padded, kh * kw]));
          channels.set(output, { real: co, padded });
        } else {
          // Depthwise: one filter per channel, the padded channels' filters are zero.
          if (group !== co || ci !== 1 || co < inC.real || co > inC.padded) throw new NotRewritable();
          node.input[1] = addFloat(graph, initializers, `${node.input[1]}_nchwc`, [inC.padded, 1, kh, kw], embed(weight.data, [co, kh * kw], [inC.padded, kh * kw]));
          setIntAttribute(node, 'group', inC.padded);
          channels.set(output, { real: co, padded: inC.padded });
        }
        if (node.input[2]) {
          const bias = floatInitializer(initializers, node.input[2]);
          const padded = channels.get(output)!.padded;
          node.input[2] = addFloat(graph, initializers, `${node.input[2]}_nchwc`, [padded], embed(bias.data, [co], [padded]));
        }
        out.push(node);
        break;
      }
      case 'Add': {
        const [a, b] = node.input.map((name) => channels.get(name));
        if (!a || !b || a.padded !== b.padded) throw new NotRewritable();
        channels.set(output, { real: Math.max(a.real, b.real), padded: a.padded });
        out.push(node);
        break;
      }
      case 'Concat': {
        // Only MediaPipe's channel padding: x followed by zeros along the channels.
        const x = channels.get(input);
        const zeros = producers.get(node.input[1] ?? '');
        if (!x || node.input.length !== 2 || intAttribute(node, 'axis', 0) !== 1 || !zeros || !isZeroFill(zeros)) throw new NotRewritable();
        const extra = zeroFillChannels(zeros, initializers);
        const real = x.real + extra;
        const padded = roundUp(real);
        if (padded === x.padded) {
          renamed.set(output, input);
        } else {
          const identity = embed(eye(x.padded), [x.padded, x.padded], [padded, x.padded]);
          const weight = addFloat(graph, initializers, `${output}_identity`, [padded, x.padded, 1, 1], identity);
          out.push({ opType: 'Conv', name: `${node.name || output}_as_conv`, input: [input, weight], output: [output], attribute: [{ name: 'kernel_shape', type: onnx.AttributeProto.AttributeType.INTS, ints: [1, 1] }] });
        }
        channels.set(output, { real, padded });
        break;
      }
      case 'ConstantOfShape':
        // Kept only where something other than a rewritten Concat reads it.
        if ((consumers.get(output) ?? []).some((c) => c.opType !== 'Concat')) out.push(node);
        break;
      default: {
        const c = channels.get(input);
        if (CHANNEL_PRESERVING.has(node.opType!)) {
          if (c) channels.set(output, c);
        } else if (c && c.padded !== c.real) {
          throw new NotRewritable(); // a Transpose or Reshape must see the original channels
        }
        out.push(node);
      }
    }
  }
  for (const o of graphOutputs) if (renamed.has(o)) throw new NotRewritable();
  return out;
}

/** `data` (shape `from`, row-major) placed at the origin of a zero tensor of shape `to` (each dim ≥ its `from`). */
function embed(data: Float32Array, from: readonly number[], to: readonly number[]): Float32Array {
  const result = new Float32Array(to.reduce((a, b) => a * b, 1));
  const copy = (dim: number, src: number, dst: number): void => {
    if (dim === from.length - 1) {
      result.set(data.subarray(src, src + from[dim]!), dst);
      return;
    }
    const srcStride = from.slice(dim + 1).reduce((a, b) => a * b, 1);
    const dstStride = to.slice(dim + 1).reduce((a, b) => a * b, 1);
    for (let i = 0; i < from[dim]!; i++) copy(dim + 1, src + i * srcStride, dst + i * dstStride);
  };
  copy(0, 0, 0);
  return result;
}

function eye(n: number): Float32Array {
  const m = new Float32Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

function floatInitializer(initializers: Map<string, Tensor>, name: string | undefined): { dims: number[]; data: Float32Array } {
  const t = name === undefined ? undefined : initializers.get(name);
  if (!t || t.dataType !== onnx.TensorProto.DataType.FLOAT) throw new NotRewritable();
  const dims = (t.dims ?? []).map(Number);
  const data = t.rawData?.length ? new Float32Array(new Uint8Array(t.rawData).buffer) : Float32Array.from(t.floatData ?? []);
  if (data.length !== dims.reduce((a, b) => a * b, 1)) throw new NotRewritable();
  return { dims, data };
}

function addFloat(graph: OnnxNamespace.IGraphProto, initializers: Map<string, Tensor>, name: string, dims: number[], data: Float32Array): string {
  const tensor: Tensor = { name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(data.buffer) };
  graph.initializer!.push(tensor);
  initializers.set(name, tensor);
  return name;
}

function isZeroFill(node: Node): boolean {
  if (node.opType !== 'ConstantOfShape') return false;
  const value = node.attribute?.find((a) => a.name === 'value')?.t;
  if (!value) return true; // the default fill is 0
  const data = value.rawData?.length ? new Uint8Array(value.rawData) : null;
  return data ? data.every((byte) => byte === 0) : (value.floatData ?? [0]).every((v) => v === 0);
}

/** Channels (dim 1) of the NCHW shape a ConstantOfShape fills. */
function zeroFillChannels(node: Node, initializers: Map<string, Tensor>): number {
  const shape = initializers.get(node.input?.[0] ?? '');
  if (!shape || shape.dataType !== onnx.TensorProto.DataType.INT64) throw new NotRewritable();
  const dims = shape.rawData?.length ? Array.from(new BigInt64Array(new Uint8Array(shape.rawData).buffer), Number) : (shape.int64Data ?? []).map(Number);
  if (dims.length !== 4) throw new NotRewritable();
  return dims[1]!;
}

function intAttribute(node: Node, name: string, fallback: number): number {
  const a = node.attribute?.find((x) => x.name === name);
  return a?.i === undefined || a.i === null ? fallback : Number(a.i);
}

function setIntAttribute(node: Node, name: string, value: number): void {
  const a = node.attribute?.find((x) => x.name === name);
  if (a) a.i = value;
  else node.attribute = [...(node.attribute ?? []), { name, type: onnx.AttributeProto.AttributeType.INT, i: value }];
}
