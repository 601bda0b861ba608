import { nodeError, constInput, runtimeInput, type Dim, type Emitter, type EmitContext, type Operand } from './emit-context.js';
import type { AttributeValue } from '../onnx/onnx-graph.js';
import { clip } from './elementwise-emitters.js';
import { explicitPadding, samePadding, type AxisPadding } from './conv-padding.js';
import { NodeAttributes } from './tfjs-attributes.js';
import type { TfjsNode } from './tfjs-model-json.js';
import { transposeTensor, type TensorData } from './tensor-data.js';

/** Whether a node is a regular or a depthwise convolution. */
type ConvKind = 'conv' | 'depthwise';

/**
 * Emits Conv2D / DepthwiseConv2dNative and their grappler-fused forms (`_FusedConv2D`,
 * `FusedDepthwiseConv2dNative`: BiasAdd then at most one activation: Relu, Relu6, Elu, Sigmoid, Tanh,
 * LeakyRelu, Prelu). Input and output are NCHW inside the ONNX graph.
 */
function convEmitter(kind: ConvKind, fused: boolean): Emitter {
  return (ctx, node, inputs) => {
    const attrs = new NodeAttributes(node);
    const x = runtimeInput(node, inputs, 0);
    const filter = constInput(node, inputs, 1, 'filter');
    if (filter.dtype !== 'float32' || filter.shape.length !== 4) throw nodeError(node, 'filter must be a float32 [kh,kw,in,out] constant');
    if (x.shape.length !== 4) throw nodeError(node, `input must have rank 4, got ${x.shape.length}`);
    const format = attrs.string('data_format', 'NHWC');
    if (format !== 'NHWC') throw nodeError(node, `data_format ${format} is not supported (only NHWC)`);
    const strides = attrs.ints('strides', [1, 1, 1, 1]);
    const dilations = attrs.ints('dilations', [1, 1, 1, 1]);
    if (strides.length !== 4 || strides[0] !== 1 || strides[3] !== 1) throw nodeError(node, `strides [${strides}] must be [1,sh,sw,1]`);
    if (dilations.length !== 4 || dilations[0] !== 1 || dilations[3] !== 1) throw nodeError(node, `dilations [${dilations}] must be [1,dh,dw,1]`);

    const [kh, kw, inChannels, lastDim] = filter.shape as [number, number, number, number];
    if (typeof x.shape[3] === 'number' && x.shape[3] !== inChannels) {
      throw nodeError(node, `input has ${x.shape[3]} channels, filter expects ${inChannels}`);
    }
    const outChannels = kind === 'conv' ? lastDim : inChannels * lastDim;
    const sh = strides[1]!;
    const sw = strides[2]!;
    const dh = dilations[1]!;
    const dw = dilations[2]!;

    const onnxAttrs: Record<string, AttributeValue> = {
      kernel_shape: { ints: [kh, kw] },
      strides: { ints: [sh, sw] },
      dilations: { ints: [dh, dw] },
      group: { int: kind === 'conv' ? 1 : inChannels },
    };
    const padding = attrs.string('padding');
    let rows: AxisPadding | null;
    let cols: AxisPadding | null;
    if (padding === 'SAME') {
      rows = samePadding(x.shape[1]!, kh, sh, dh);
      cols = samePadding(x.shape[2]!, kw, sw, dw);
    } else if (padding === 'VALID') {
      rows = explicitPadding(x.shape[1]!, kh, sh, dh, 0, 0);
      cols = explicitPadding(x.shape[2]!, kw, sw, dw, 0, 0);
    } else if (padding === 'EXPLICIT') {
      const p = attrs.ints('explicit_paddings');
      if (p.length !== 8 || p[0] || p[1] || p[6] || p[7]) throw nodeError(node, `explicit_paddings [${p}] must pad only H and W`);
      rows = explicitPadding(x.shape[1]!, kh, sh, dh, p[2]!, p[3]!);
      cols = explicitPadding(x.shape[2]!, kw, sw, dw, p[4]!, p[5]!);
    } else {
      throw nodeError(node, `padding ${padding} is not supported`);
    }
    if (rows && cols) onnxAttrs['pads'] = { ints: [rows.before, cols.before, rows.after, cols.after] };
    // Unknown spatial size: ONNX's SAME_UPPER is TensorFlow's SAME (odd pixel at the end).
    else onnxAttrs['auto_pad'] = { string: 'SAME_UPPER' };

    const { bias, activation, alpha } = fused ? fusedOps(node, attrs, inputs) : { bias: undefined, activation: undefined, alpha: undefined };
    const weight = kind === 'conv' ? convWeight(filter) : depthwiseWeight(filter);
    const convInputs = [ctx.nchw(x), ctx.graph.float('weight', weight.shape, weight.data as Float32Array)];
    if (bias) {
      if (bias.dtype !== 'float32' || bias.data.length !== outChannels) throw nodeError(node, `bias must hold ${outChannels} floats`);
      convInputs.push(ctx.graph.float('bias', [outChannels], bias.data));
    }
    let y = ctx.graph.node('Conv', convInputs, onnxAttrs);
    const shape: Dim[] = [x.shape[0]!, rows?.out ?? null, cols?.out ?? null, outChannels];
    let nonNegative = false;
    if (activation) {
      y = applyActivation(ctx, node, y, activation, alpha, attrs);
      nonNegative = activation === 'Relu' || activation === 'Relu6' || activation === 'Sigmoid';
    }
    return ctx.runtime(y, shape, 'nchw', nonNegative);
  };
}

/** Splits `fused_ops` into the bias, one activation and the PReLU alpha, checking `num_args`. */
function fusedOps(node: TfjsNode, attrs: NodeAttributes, inputs: Operand[]): { bias?: TensorData; activation?: string; alpha?: Operand } {
  const ops = attrs.strings('fused_ops', []);
  const args = inputs.slice(2);
  let i = 0;
  let bias: TensorData | undefined;
  if (ops[0] === 'BiasAdd') {
    bias = constInput(node, inputs, 2, 'bias');
    i = 1;
  } else if (ops[0] === 'FusedBatchNorm') {
    throw nodeError(node, 'fused FusedBatchNorm is not supported');
  }
  const activation = ops[i];
  if (ops.length > i + 1) throw nodeError(node, `fused_ops [${ops.join(',')}] has more than one activation`);
  if (activation !== undefined && !ACTIVATIONS.has(activation)) throw nodeError(node, `fused activation ${activation} is not supported`);
  const expectedArgs = (bias ? 1 : 0) + (activation === 'Prelu' ? 1 : 0);
  if (args.length !== expectedArgs) throw nodeError(node, `fused_ops [${ops.join(',')}] takes ${expectedArgs} extra inputs, got ${args.length}`);
  return { bias, activation, alpha: activation === 'Prelu' ? args[args.length - 1] : undefined };
}

const ACTIVATIONS = new Set(['Relu', 'Relu6', 'Elu', 'Sigmoid', 'Tanh', 'LeakyRelu', 'Prelu']);

function applyActivation(ctx: EmitContext, node: TfjsNode, y: string, activation: string, alpha: Operand | undefined, attrs: NodeAttributes): string {
  switch (activation) {
    case 'Relu':
    case 'Sigmoid':
    case 'Tanh':
      return ctx.graph.node(activation, [y]);
    case 'Elu':
      return ctx.graph.node('Elu', [y], { alpha: { float: 1 } });
    case 'Relu6':
      return clip(ctx, y, 0, 6);
    case 'LeakyRelu':
      return ctx.graph.node('LeakyRelu', [y], { alpha: { float: attrs.float('leakyrelu_alpha', 0.2) } });
    case 'Prelu':
      if (!alpha) throw nodeError(node, 'Prelu needs an alpha input');
      return ctx.graph.node('PRelu', [y, ctx.operand(alpha, 'nchw')]);
    default:
      throw nodeError(node, `fused activation ${activation} is not supported`);
  }
}

/** TensorFlow [kh,kw,in,out] → ONNX [out,in,kh,kw]. */
export function convWeight(filter: TensorData): TensorData {
  return transposeTensor(filter, [3, 2, 0, 1]);
}

/** TensorFlow depthwise [kh,kw,in,mult] → ONNX grouped [in·mult,1,kh,kw]; output channel c·mult+m as in TensorFlow. */
export function depthwiseWeight(filter: TensorData): TensorData {
  const [kh, kw, cin, mult] = filter.shape as [number, number, number, number];
  const t = transposeTensor(filter, [2, 3, 0, 1]);
  return { ...t, shape: [cin * mult, 1, kh, kw] };
}

/** Convolutions, plain and fused. */
export const CONV_EMITTERS: Record<string, Emitter> = {
  Conv2D: convEmitter('conv', false),
  _FusedConv2D: convEmitter('conv', true),
  DepthwiseConv2dNative: convEmitter('depthwise', false),
  DepthwiseConv2d: convEmitter('depthwise', false),
  FusedDepthwiseConv2dNative: convEmitter('depthwise', true),
};
