import { nodeError, type Dim, type Emitter } from './emit-context.js';
import { NodeAttributes } from './tfjs-attributes.js';

/**
 * A graph input. Its shape comes from the options or the node's `shape` attribute; −1 becomes a
 * symbolic dimension (`batch` for the first). Rank-4 inputs are NHWC unless `nchwInputs` is set.
 */
const placeholder: Emitter = (ctx, node) => {
  const attrs = new NodeAttributes(node);
  const dtype = attrs.type('dtype', 'DT_FLOAT');
  if (dtype !== 'DT_FLOAT') throw nodeError(node, `input dtype ${dtype} is not supported (only DT_FLOAT)`);
  const raw = ctx.options.inputShapes?.[node.name] ?? attrs.shape('shape');
  if (!raw) throw nodeError(node, 'input has no known rank; pass inputShapes');
  const shape: Dim[] = raw.map((d, i) => (d >= 0 ? d : i === 0 ? 'batch' : `${node.name}_${i}`));
  if (ctx.options.nchwInputs && shape.length === 4) {
    const [n, h, w, c] = shape as [Dim, Dim, Dim, Dim];
    ctx.graph.input(node.name, [n, c, h, w].map(onnxDim));
    return ctx.runtime(node.name, shape, 'nchw');
  }
  ctx.graph.input(node.name, shape.map(onnxDim));
  return ctx.runtime(node.name, shape, 'plain');
};

/** A constant: its value is the weight of the same name. */
const constant: Emitter = (ctx, node) => {
  const tensor = ctx.weights.get(node.name);
  if (!tensor) throw nodeError(node, 'no weight of this name in the weights manifest');
  return { kind: 'const', tensor };
};

function onnxDim(d: Dim): number | string {
  return d === null ? '?' : d;
}

/** Graph inputs and constants. */
export const IO_EMITTERS: Record<string, Emitter> = {
  Placeholder: placeholder,
  Const: constant,
};
