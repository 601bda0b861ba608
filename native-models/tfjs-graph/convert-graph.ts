import { OnnxGraph } from '../onnx/onnx-graph.js';
import { EmitContext, nodeError, type Dim, type EmitOptions, type Operand } from './emit-context.js';
import { dataInputs, orderForOutputs, parseInputRef } from './graph-order.js';
import { OP_EMITTERS } from './op-table.js';
import { fuseDecomposedPrelu } from './prelu-pattern.js';
import type { TfjsGraphModel } from './read-tfjs-model.js';
import type { TfjsNode } from './tfjs-model-json.js';

/** How to convert a tfjs graph model. */
export interface ConvertOptions extends EmitOptions {
  /** Nodes whose values become graph outputs; default: the model's signature, else every unread non-constant node. */
  outputs?: string[];
  /** Rewrite `Relu(x) + (x − |x|)·c` into one PRelu (exact; default true). */
  fusePrelu?: boolean;
  /** ONNX graph name. */
  graphName?: string;
}

/** The converted graph and what it exposes (shapes in ONNX's layout; strings are symbolic dimensions). */
export interface ConvertedGraph {
  graph: OnnxGraph;
  inputs: { name: string; shape: (number | string)[] }[];
  outputs: { name: string; shape: (number | string)[] }[];
  /** How many decomposed PReLUs were fused. */
  preluFused: number;
}

/**
 * Converts a tfjs graph model to ONNX (opset 13, float32). Walks the nodes needed for the outputs in
 * topological order and emits each through the op table; an op not in the table fails with its type
 * and node name. Values stay NCHW between convolutions; outputs come back in TensorFlow's layout,
 * named after their nodes.
 */
export function convertTfjsGraph(model: TfjsGraphModel, options: ConvertOptions = {}): ConvertedGraph {
  let nodes: TfjsNode[] = model.json.modelTopology.node;
  let weights = model.weights;
  let preluFused = 0;
  if (options.fusePrelu ?? true) {
    const fused = fuseDecomposedPrelu(nodes, weights);
    ({ nodes, weights } = fused);
    preluFused = fused.count;
  }
  const outputNames = (options.outputs ?? defaultOutputs(model, nodes)).map((o) => parseInputRef(o)?.node ?? o);
  if (outputNames.length === 0) throw new Error('the graph has no outputs');
  // Graph inputs first, so their names are taken before any generated one could clash with them.
  const order = orderForOutputs(nodes, outputNames);
  const ordered = [...order.filter((n) => n.op === 'Placeholder'), ...order.filter((n) => n.op !== 'Placeholder')];

  const graph = new OnnxGraph(options.graphName ?? 'tfjs_graph', 13);
  for (const name of outputNames) {
    if (!graph.reserveName(name)) throw new Error(`output "${name}" is listed twice`);
  }
  const ctx = new EmitContext(graph, weights, options);
  const values = new Map<string, Operand>();
  for (const node of ordered) {
    const emit = Object.hasOwn(OP_EMITTERS, node.op) ? OP_EMITTERS[node.op] : undefined;
    if (!emit) throw nodeError(node, `unsupported op type "${node.op}"`);
    const inputs = dataInputs(node).map((ref) => {
      if (ref.output !== 0) throw nodeError(node, `reads output ${ref.output} of "${ref.node}"; only single-output ops are supported`);
      return values.get(ref.node)!;
    });
    values.set(node.name, emit(ctx, node, inputs));
  }

  const outputs = outputNames.map((name) => {
    const value = values.get(name)!;
    const source = value.kind === 'const' ? ctx.floatConst(value.tensor, 'plain', 'output_const') : ctx.plain(value);
    graph.node('Identity', [source], {}, name);
    const shape = (value.kind === 'const' ? value.tensor.shape : value.shape).map((d: Dim, i) => (d === null ? `${name}_dim${i}` : d));
    graph.output(name, shape);
    return { name, shape };
  });
  const inputs = order
    .filter((n) => n.op === 'Placeholder')
    .map((n) => {
      const v = values.get(n.name)!;
      const shape = v.kind === 'runtime' ? v.shape.map((d, i) => d ?? `${n.name}_dim${i}`) : [];
      const onnxShape = v.kind === 'runtime' && v.layout === 'nchw' ? [shape[0]!, shape[3]!, shape[1]!, shape[2]!] : shape;
      return { name: n.name, shape: onnxShape };
    });
  return { graph, inputs, outputs, preluFused };
}

function defaultOutputs(model: TfjsGraphModel, nodes: readonly TfjsNode[]): string[] {
  const signature = model.json.signature ?? model.json.userDefinedMetadata?.signature;
  const named = Object.entries(signature?.outputs ?? {}).map(([key, v]) => (v.name ?? key).replace(/:0$/, ''));
  if (named.length > 0) return named;
  const read = new Set(nodes.flatMap((n) => dataInputs(n).map((r) => r.node)));
  return nodes.filter((n) => n.op !== 'Const' && !read.has(n.name)).map((n) => n.name);
}
