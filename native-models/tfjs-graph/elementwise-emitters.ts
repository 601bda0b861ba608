import { broadcastShapes, foldBinary, foldUnary } from './broadcast.js';
import { nodeError, type Emitter, type EmitContext, type Layout, type Operand, type RuntimeValue } from './emit-context.js';
import type { TfjsNode } from './tfjs-model-json.js';

/** How a unary TensorFlow op becomes ONNX, and how to fold it on a constant. */
interface UnarySpec {
  emit: (ctx: EmitContext, x: string) => string;
  fold: (x: number) => number;
  nonNegative?: boolean;
}

const single = (op: string) => (ctx: EmitContext, x: string) => ctx.graph.node(op, [x]);

const UNARY: Record<string, UnarySpec> = {
  Identity: { emit: (_ctx, x) => x, fold: (x) => x },
  Relu: { emit: single('Relu'), fold: (x) => Math.max(0, x), nonNegative: true },
  Relu6: { emit: (ctx, x) => clip(ctx, x, 0, 6), fold: (x) => Math.min(Math.max(x, 0), 6), nonNegative: true },
  Sigmoid: { emit: single('Sigmoid'), fold: (x) => 1 / (1 + Math.exp(-x)), nonNegative: true },
  Tanh: { emit: single('Tanh'), fold: Math.tanh },
  Abs: { emit: single('Abs'), fold: Math.abs, nonNegative: true },
  Neg: { emit: single('Neg'), fold: (x) => -x },
  Sqrt: { emit: single('Sqrt'), fold: Math.sqrt, nonNegative: true },
  // ONNX has no Rsqrt; tfjs computes it as 1 / sqrt(x) too.
  Rsqrt: { emit: (ctx, x) => ctx.graph.node('Reciprocal', [ctx.graph.node('Sqrt', [x])]), fold: (x) => 1 / Math.sqrt(x), nonNegative: true },
  Square: { emit: (ctx, x) => ctx.graph.node('Mul', [x, x]), fold: (x) => x * x, nonNegative: true },
};

/** Clip with scalar bounds (opset ≥ 11 takes them as inputs). */
export function clip(ctx: EmitContext, x: string, min: number, max: number): string {
  return ctx.graph.node('Clip', [x, ctx.graph.float('clip_min', [], [min]), ctx.graph.float('clip_max', [], [max])]);
}

const BINARY: Record<string, { onnx: string; fold: (x: number, y: number) => number }> = {
  Add: { onnx: 'Add', fold: (x, y) => x + y },
  AddV2: { onnx: 'Add', fold: (x, y) => x + y },
  // BiasAdd (NHWC) is Add with a [C] vector, which broadcasts on the last axis.
  BiasAdd: { onnx: 'Add', fold: (x, y) => x + y },
  Sub: { onnx: 'Sub', fold: (x, y) => x - y },
  Mul: { onnx: 'Mul', fold: (x, y) => x * y },
  RealDiv: { onnx: 'Div', fold: (x, y) => x / y },
  Maximum: { onnx: 'Max', fold: Math.max },
  Minimum: { onnx: 'Min', fold: Math.min },
};

/**
 * The layout in which several operands meet: NCHW when some runtime operand already is and every
 * other operand can follow (runtime rank 4, constants of rank ≤ 4); plain otherwise.
 */
export function commonLayout(operands: readonly Operand[]): Layout {
  const runtimes = operands.filter((o): o is RuntimeValue => o.kind === 'runtime');
  const nchw =
    runtimes.some((v) => v.layout === 'nchw') &&
    runtimes.every((v) => v.shape.length === 4) &&
    operands.every((o) => o.kind === 'runtime' || o.tensor.shape.length <= 4);
  return nchw ? 'nchw' : 'plain';
}

function unaryEmitter(spec: UnarySpec): Emitter {
  return (ctx, node, inputs) => {
    const x = onlyInput(node, inputs, 1)[0]!;
    if (x.kind === 'const') return { kind: 'const', tensor: foldUnary(x.tensor, spec.fold) };
    const name = spec.emit(ctx, x.name);
    return ctx.runtime(name, x.shape, x.layout, spec.nonNegative ?? (node.op === 'Identity' && x.nonNegative));
  };
}

function binaryEmitter(onnx: string, fold: (x: number, y: number) => number): Emitter {
  return (ctx, node, inputs) => {
    const [a, b] = onlyInput(node, inputs, 2) as [Operand, Operand];
    if (node.op === 'BiasAdd') checkBiasAdd(node, b);
    if (a.kind === 'const' && b.kind === 'const') return { kind: 'const', tensor: foldBinary(a.tensor, b.tensor, fold) };
    const layout = commonLayout([a, b]);
    const shape = broadcastShapes(shapeOf(a), shapeOf(b));
    const name = ctx.graph.node(onnx, [ctx.operand(a, layout), ctx.operand(b, layout)]);
    const nonNegative = (onnx === 'Add' || onnx === 'Max') && isNonNegative(a) && isNonNegative(b);
    return ctx.runtime(name, shape, layout, nonNegative);
  };
}

/** PReLU: x where x ≥ 0, alpha·x elsewhere; alpha broadcasts against x. */
const prelu: Emitter = (ctx, node, inputs) => {
  const [x, alpha] = onlyInput(node, inputs, 2) as [Operand, Operand];
  if (x.kind === 'const' && alpha.kind === 'const') {
    return { kind: 'const', tensor: foldBinary(x.tensor, alpha.tensor, (v, a) => (v < 0 ? v * a : v)) };
  }
  if (x.kind === 'const') throw nodeError(node, 'a constant input with a computed alpha is not supported');
  // On values already known to be ≥ 0 (a fused Relu before it), PReLU is the identity.
  if (x.nonNegative) return x;
  const xShape = x.shape;
  const grown = broadcastShapes(xShape, shapeOf(alpha));
  if (grown.length !== xShape.length || grown.some((d, i) => d !== xShape[i] && d !== null)) {
    throw nodeError(node, `alpha of shape [${shapeOf(alpha).join(',')}] would enlarge x [${xShape.join(',')}]`);
  }
  const layout = commonLayout([x, alpha]);
  return ctx.runtime(ctx.graph.node('PRelu', [ctx.as(x, layout), ctx.operand(alpha, layout)]), xShape, layout);
};

/** Element-wise ops: unary, binary with broadcasting, PReLU. */
export const ELEMENTWISE_EMITTERS: Record<string, Emitter> = {
  ...Object.fromEntries(Object.entries(UNARY).map(([op, spec]) => [op, unaryEmitter(spec)])),
  ...Object.fromEntries(Object.entries(BINARY).map(([op, spec]) => [op, binaryEmitter(spec.onnx, spec.fold)])),
  Prelu: prelu,
};

/** TensorFlow shape of an operand. */
export function shapeOf(o: Operand): RuntimeValue['shape'] {
  return o.kind === 'const' ? o.tensor.shape : o.shape;
}

function isNonNegative(o: Operand): boolean {
  return o.kind === 'runtime' ? o.nonNegative === true : o.tensor.dtype === 'float32' && o.tensor.data.every((v) => v >= 0);
}

function onlyInput(node: TfjsNode, inputs: Operand[], count: number): Operand[] {
  if (inputs.length !== count) throw nodeError(node, `expects ${count} inputs, got ${inputs.length}`);
  return inputs;
}

function checkBiasAdd(node: TfjsNode, bias: Operand): void {
  const format = node.attr?.['data_format']?.s;
  if (format !== undefined && Buffer.from(format, 'base64').toString() !== 'NHWC') throw nodeError(node, 'only data_format NHWC is supported');
  if (shapeOf(bias).length !== 1) throw nodeError(node, 'bias must be a vector');
}
