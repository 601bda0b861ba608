import { constInput, nodeError, NHWC_TO_NCHW_AXIS, type Dim, type Emitter, type EmitContext, type Operand, type RuntimeValue } from './emit-context.js';
import { NodeAttributes } from './tfjs-attributes.js';
import type { TfjsNode } from './tfjs-model-json.js';
import { sizeOf, tensorNumbers } from './tensor-data.js';

/**
 * Where axes of an NCHW-held value can be addressed directly: returns the NCHW axes when removing
 * `removed` leaves the remaining dimensions in TensorFlow's order (e.g. squeezing H and W of
 * [N,H,W,C] → [N,C]), else null (the caller transposes back to plain first).
 */
function nchwAxesKeepingOrder(removed: readonly number[]): number[] | null {
  const kept = [0, 1, 2, 3].filter((a) => !removed.includes(a)).map((a) => NHWC_TO_NCHW_AXIS[a]!);
  const increasing = kept.every((a, i) => i === 0 || a > kept[i - 1]!);
  return increasing ? removed.map((a) => NHWC_TO_NCHW_AXIS[a]!).sort((a, b) => a - b) : null;
}

function normaliseAxes(node: TfjsNode, axes: number[], rank: number): number[] {
  const out = axes.map((a) => (a < 0 ? a + rank : a));
  if (out.some((a) => a < 0 || a >= rank)) throw nodeError(node, `axes [${axes}] out of range for rank ${rank}`);
  return [...new Set(out)].sort((a, b) => a - b);
}

function runtimeOnly(node: TfjsNode, x: Operand | undefined): RuntimeValue {
  if (!x) throw nodeError(node, 'missing input');
  if (x.kind !== 'runtime') throw nodeError(node, 'constant input is not folded by this op');
  return x;
}

/** Squeeze: drops the listed size-1 axes (all size-1 axes when none are listed). */
const squeeze: Emitter = (ctx, node, inputs) => {
  const attrs = new NodeAttributes(node);
  const x0 = inputs[0];
  const listed = attrs.has('squeeze_dims') ? attrs.ints('squeeze_dims') : attrs.ints('axis', []);
  const shape = x0?.kind === 'const' ? x0.tensor.shape : (x0?.shape ?? []);
  let axes = normaliseAxes(node, listed, shape.length);
  if (axes.length === 0) {
    if (shape.some((d) => typeof d !== 'number')) throw nodeError(node, 'squeezing all size-1 axes needs a known shape');
    axes = shape.flatMap((d, i) => (d === 1 ? [i] : []));
  }
  for (const a of axes) {
    if (typeof shape[a] === 'number' && shape[a] !== 1) throw nodeError(node, `axis ${a} has size ${shape[a]}, not 1`);
  }
  const outShape = shape.filter((_, i) => !axes.includes(i));
  if (x0?.kind === 'const') return { kind: 'const', tensor: { ...x0.tensor, shape: outShape as number[] } };
  const x = runtimeOnly(node, x0);
  if (axes.length === 0) return x;
  const direct = x.layout === 'nchw' ? nchwAxesKeepingOrder(axes) : axes;
  const source = direct ? x.name : ctx.plain(x);
  const onnxAxes = direct ?? axes;
  const name = ctx.graph.node('Squeeze', [source, ctx.graph.int64('axes', [onnxAxes.length], onnxAxes)]);
  return ctx.runtime(name, outShape, 'plain', x.nonNegative);
};

/** Reshape to a constant shape (−1 infers one dimension). */
const reshape: Emitter = (ctx, node, inputs) => {
  const target = tensorNumbers(constInput(node, inputs, 1, 'shape'));
  if (target.includes(0)) throw nodeError(node, 'zero-sized dimensions are not supported');
  const x0 = inputs[0];
  if (x0?.kind === 'const') {
    return { kind: 'const', tensor: { ...x0.tensor, shape: resolveShape(node, target, sizeOf(x0.tensor.shape)) as number[] } };
  }
  const x = runtimeOnly(node, x0);
  const known = x.shape.every((d) => typeof d === 'number') ? sizeOf(x.shape as number[]) : null;
  const outShape = resolveShape(node, target, known);
  const name = ctx.graph.node('Reshape', [ctx.plain(x), ctx.graph.int64('shape', [target.length], target)]);
  return ctx.runtime(name, outShape, 'plain', x.nonNegative);
};

function resolveShape(node: TfjsNode, target: number[], size: number | null): Dim[] {
  const infer = target.indexOf(-1);
  if (infer < 0) return target;
  const rest = target.reduce((a, d) => (d === -1 ? a : a * d), 1);
  if (size === null) return target.map((d) => (d === -1 ? null : d));
  if (size % rest !== 0) throw nodeError(node, `cannot reshape ${size} values to [${target}]`);
  return target.map((d) => (d === -1 ? size / rest : d));
}

/** Sum / Mean / Max over constant axes, with `keep_dims`. */
function reduction(onnx: 'ReduceSum' | 'ReduceMean' | 'ReduceMax'): Emitter {
  return (ctx, node, inputs) => {
    const x = runtimeOnly(node, inputs[0]);
    const keepDims = new NodeAttributes(node).bool('keep_dims', false);
    const axes = normaliseAxes(node, tensorNumbers(constInput(node, inputs, 1, 'axes')), x.shape.length);
    // TensorFlow reduces nothing over an empty axis list; ONNX would reduce everything.
    if (axes.length === 0) return x;
    const outShape = keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
    let layout: 'plain' | 'nchw' = 'plain';
    let onnxAxes = axes;
    let source: string;
    if (x.layout === 'nchw' && (keepDims || nchwAxesKeepingOrder(axes))) {
      onnxAxes = axes.map((a) => NHWC_TO_NCHW_AXIS[a]!).sort((a, b) => a - b);
      source = x.name;
      layout = keepDims ? 'nchw' : 'plain';
    } else {
      source = ctx.plain(x);
    }
    const name = emitReduce(ctx, onnx, source, onnxAxes, keepDims);
    return ctx.runtime(name, outShape, layout, onnx !== 'ReduceMax' && x.nonNegative);
  };
}

function emitReduce(ctx: EmitContext, op: string, x: string, axes: number[], keepDims: boolean): string {
  const keepdims = { int: keepDims ? 1 : 0 };
  // Opset 13 takes ReduceSum's axes as an input, the other reductions' as an attribute (until opset 18).
  if (op === 'ReduceSum' && ctx.graph.opset >= 13) return ctx.graph.node(op, [x, ctx.graph.int64('axes', [axes.length], axes)], { keepdims });
  return ctx.graph.node(op, [x], { axes: { ints: axes }, keepdims });
}

/** Shape-changing ops and reductions. */
/**
 * Pad with zeros by constant paddings ([rank, 2]: before and after, per TensorFlow axis). ONNX lists all the befores,
 * then all the afters, per axis of the value as stored (so an NCHW-held value is padded without transposing back).
 */
const pad: Emitter = (ctx, node, inputs) => {
  const paddings = tensorNumbers(constInput(node, inputs, 1, 'paddings'));
  const x = runtimeOnly(node, inputs[0]);
  const rank = x.shape.length;
  if (paddings.length !== 2 * rank) throw nodeError(node, `paddings has ${paddings.length} values for rank ${rank}`);
  if (paddings.some((v) => v < 0)) throw nodeError(node, 'negative paddings are not supported');
  // TensorFlow axis held at each ONNX axis.
  const tfAxisAt = x.layout === 'nchw' ? [0, 3, 1, 2] : [...Array(rank).keys()];
  const pads = [...tfAxisAt.map((a) => paddings[2 * a]!), ...tfAxisAt.map((a) => paddings[2 * a + 1]!)];
  const name = ctx.graph.node('Pad', [x.name, ctx.graph.int64('pads', [2 * rank], pads)]);
  const outShape = x.shape.map((d, a) => (typeof d === 'number' ? d + paddings[2 * a]! + paddings[2 * a + 1]! : d));
  // Zeros keep a non-negative value non-negative.
  return ctx.runtime(name, outShape, x.layout, x.nonNegative);
};

/** MatMul of a rank-2 value by a constant [in, out] kernel (a dense layer), neither side transposed. */
const matMul: Emitter = (ctx, node, inputs) => {
  const attrs = new NodeAttributes(node);
  if (attrs.has('transpose_a') && attrs.bool('transpose_a')) throw nodeError(node, 'transpose_a is not supported');
  if (attrs.has('transpose_b') && attrs.bool('transpose_b')) throw nodeError(node, 'transpose_b is not supported');
  const x = runtimeOnly(node, inputs[0]);
  const kernel = constInput(node, inputs, 1, 'kernel');
  if (x.shape.length !== 2 || kernel.shape.length !== 2) throw nodeError(node, 'only [batch, in] × [in, out] is supported');
  if (typeof x.shape[1] === 'number' && x.shape[1] !== kernel.shape[0]) throw nodeError(node, `${x.shape[1]} inputs, kernel takes ${kernel.shape[0]}`);
  const name = ctx.graph.node('MatMul', [ctx.plain(x), ctx.floatConst(kernel, 'plain', 'kernel')]);
  return ctx.runtime(name, [x.shape[0]!, kernel.shape[1]!], 'plain');
};

export const SHAPE_EMITTERS: Record<string, Emitter> = {
  MatMul: matMul,
  Pad: pad,
  Squeeze: squeeze,
  Reshape: reshape,
  Sum: reduction('ReduceSum'),
  Mean: reduction('ReduceMean'),
  Max: reduction('ReduceMax'),
};
