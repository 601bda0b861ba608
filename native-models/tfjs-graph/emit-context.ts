import type { OnnxGraph } from '../onnx/onnx-graph.js';
import type { TfjsNode } from './tfjs-model-json.js';
import { transposeTensor, type TensorData } from './tensor-data.js';

/** A dimension: a number when known at conversion time, a name for a symbolic one (batch), null when unknown. */
export type Dim = number | string | null;

/**
 * How a runtime value is laid out in ONNX. `plain`: exactly TensorFlow's tensor. `nchw`: a rank-4 NHWC
 * TensorFlow tensor stored transposed to NCHW (what ONNX Conv wants), so that consecutive convolutions
 * and element-wise ops need no transposes between them.
 */
export type Layout = 'plain' | 'nchw';

/** A tensor computed by the ONNX graph. `shape` is always TensorFlow's (NHWC) shape, whatever the layout. */
export interface RuntimeValue {
  kind: 'runtime';
  name: string;
  shape: Dim[];
  layout: Layout;
  /** Known to hold no negative values (output of a Relu and the like). */
  nonNegative?: boolean;
}

/** A tensor known at conversion time (weights, folded constants). */
export interface ConstValue {
  kind: 'const';
  tensor: TensorData;
}

/** What a tfjs node's output becomes. */
export type Operand = RuntimeValue | ConstValue;

/** Converts one tfjs node; `inputs` are its data inputs, already converted. */
export type Emitter = (ctx: EmitContext, node: TfjsNode, inputs: Operand[]) => Operand;

/** Options that emitters read. */
export interface EmitOptions {
  /** Shapes of graph inputs by Placeholder name, overriding the graph's own; -1 for a symbolic dimension. */
  inputShapes?: Record<string, number[]>;
  /** Declare rank-4 graph inputs as NCHW (no transpose at the input). Default false: NHWC, as in TensorFlow. */
  nchwInputs?: boolean;
}

/** NHWC axis → axis of the same dimension in NCHW. */
export const NHWC_TO_NCHW_AXIS = [0, 2, 3, 1] as const;
const TO_NCHW = [0, 3, 1, 2];
const TO_NHWC = [0, 2, 3, 1];

/** The state shared by emitters: the ONNX graph under construction and cached layout conversions. */
export class EmitContext {
  private readonly plainNames = new Map<string, string>();
  private readonly nchwNames = new Map<string, string>();
  private readonly constNames = new Map<TensorData, Map<Layout, string>>();

  constructor(
    readonly graph: OnnxGraph,
    /** Weights by Const node name. */
    readonly weights: ReadonlyMap<string, TensorData>,
    readonly options: EmitOptions = {},
  ) {}

  /** A runtime value descriptor. */
  runtime(name: string, shape: Dim[], layout: Layout = 'plain', nonNegative = false): RuntimeValue {
    if (layout === 'nchw' && shape.length !== 4) throw new Error(`value ${name}: NCHW layout needs rank 4, got ${shape.length}`);
    return { kind: 'runtime', name, shape, layout, nonNegative };
  }

  /** The ONNX name of `v` laid out exactly as in TensorFlow (transposed back once if needed, then cached). */
  plain(v: RuntimeValue): string {
    if (v.layout === 'plain') return v.name;
    return cached(this.plainNames, v.name, () => this.graph.node('Transpose', [v.name], { perm: { ints: TO_NHWC } }));
  }

  /** The ONNX name of rank-4 `v` in NCHW (transposed once if needed, then cached). */
  nchw(v: RuntimeValue): string {
    if (v.layout === 'nchw') return v.name;
    if (v.shape.length !== 4) throw new Error(`value ${v.name} has rank ${v.shape.length}, cannot be laid out NCHW`);
    return cached(this.nchwNames, v.name, () => this.graph.node('Transpose', [v.name], { perm: { ints: TO_NCHW } }));
  }

  /** The ONNX name of `v` in the given layout. */
  as(v: RuntimeValue, layout: Layout): string {
    return layout === 'nchw' ? this.nchw(v) : this.plain(v);
  }

  /**
   * A float32 initializer for a constant that meets a value of the given layout. For `nchw`, the
   * constant is broadcast-aligned to rank 4 as TensorFlow would (leading 1s), then transposed, so that
   * e.g. a per-channel [C] vector becomes [1,C,1,1].
   */
  floatConst(t: TensorData, layout: Layout, prefix = 'const'): string {
    if (t.dtype !== 'float32') throw new Error(`a ${t.dtype} constant cannot be used as a float32 operand`);
    if (layout === 'nchw' && t.shape.length > 4) throw new Error(`a rank-${t.shape.length} constant cannot meet an NCHW value`);
    let byLayout = this.constNames.get(t);
    if (!byLayout) this.constNames.set(t, (byLayout = new Map()));
    const effective = layout === 'nchw' && needsTranspose(t.shape) ? 'nchw' : 'plain';
    return cached(byLayout, effective, () => {
      if (effective === 'plain') return this.graph.float(prefix, t.shape, t.data);
      const padded = { ...t, shape: [...new Array<number>(4 - t.shape.length).fill(1), ...t.shape] };
      const moved = transposeTensor(padded, TO_NCHW);
      return this.graph.float(prefix, moved.shape, moved.data);
    });
  }

  /** The ONNX name of any float operand in the given layout. */
  operand(o: Operand, layout: Layout): string {
    return o.kind === 'const' ? this.floatConst(o.tensor, layout) : this.as(o, layout);
  }
}

/** An error that names the node being converted. */
export function nodeError(node: TfjsNode, message: string): Error {
  return new Error(`node "${node.name}" (${node.op}): ${message}`);
}

/** The i-th input, which must be a constant. */
export function constInput(node: TfjsNode, inputs: Operand[], i: number, what: string): TensorData {
  const o = inputs[i];
  if (!o) throw nodeError(node, `missing input ${i} (${what})`);
  if (o.kind !== 'const') throw nodeError(node, `${what} must be a constant`);
  return o.tensor;
}

/** The i-th input, which must be computed at run time (constant inputs are folded by the caller). */
export function runtimeInput(node: TfjsNode, inputs: Operand[], i: number): RuntimeValue {
  const o = inputs[i];
  if (!o) throw nodeError(node, `missing input ${i}`);
  if (o.kind !== 'runtime') throw nodeError(node, `input ${i} is a constant; this op is not folded`);
  return o;
}

function needsTranspose(shape: readonly number[]): boolean {
  // Scalars and all-ones shapes broadcast the same way in either layout.
  return shape.length <= 4 && shape.some((d) => d !== 1) && shape.length > 0;
}

function cached<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}
