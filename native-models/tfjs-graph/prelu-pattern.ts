import { dataInputs, parseInputRef } from './graph-order.js';
import type { TfjsNode } from './tfjs-model-json.js';
import type { TensorData } from './tensor-data.js';

/** A graph after a rewrite: new node list and weights (the inputs are left untouched). */
export interface RewrittenGraph {
  nodes: TfjsNode[];
  weights: Map<string, TensorData>;
  /** How many patterns were rewritten. */
  count: number;
}

/**
 * Rewrites TensorFlow's decomposed PReLU, `Relu(x) + (x - Abs(x)) * c`, into one `Prelu(x, 2c)` node.
 * Exact in float32: for x < 0 both sides compute 2·x·c with one rounding; for x ≥ 0 both give x.
 * The Relu/Abs/Sub/Mul nodes stay in the list and drop out when nothing else reads them.
 */
export function fuseDecomposedPrelu(nodes: readonly TfjsNode[], weights: ReadonlyMap<string, TensorData>): RewrittenGraph {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const names = new Set(byName.keys());
  const outWeights = new Map(weights);
  const extra: TfjsNode[] = [];
  let count = 0;

  const producer = (ref: string | undefined, op: string): TfjsNode | undefined => {
    const r = ref === undefined ? null : parseInputRef(ref);
    const n = r && r.output === 0 ? byName.get(r.node) : undefined;
    return n?.op === op ? n : undefined;
  };
  const same = (a: string | undefined, b: string | undefined): boolean => {
    const ra = a === undefined ? null : parseInputRef(a);
    const rb = b === undefined ? null : parseInputRef(b);
    return ra !== null && rb !== null && ra.node === rb.node && ra.output === rb.output;
  };

  const match = (relu: string, mul: string): { x: string; alpha: Float32Array; shape: number[] } | null => {
    const r = producer(relu, 'Relu');
    const m = producer(mul, 'Mul');
    if (!r || !m || dataInputs(m).length !== 2) return null;
    const x = r.input![0]!;
    for (const [subRef, cRef] of [[m.input![0], m.input![1]], [m.input![1], m.input![0]]] as const) {
      const c = producer(cRef, 'Const');
      const s = producer(subRef, 'Sub');
      const cValue = c ? weights.get(c.name) : undefined;
      if (!c || !s || cValue?.dtype !== 'float32' || cValue.shape.length > 1) continue;
      const abs = producer(s.input?.[1], 'Abs');
      if (abs && same(s.input?.[0], x) && same(abs.input?.[0], x)) {
        return { x, alpha: cValue.data.map((v) => 2 * v), shape: [...cValue.shape] };
      }
    }
    return null;
  };

  const rewritten = nodes.map((node) => {
    if ((node.op !== 'Add' && node.op !== 'AddV2') || dataInputs(node).length !== 2) return node;
    const [a, b] = node.input!;
    const found = match(a!, b!) ?? match(b!, a!);
    if (!found) return node;
    let alphaName = `${node.name}/prelu_alpha`;
    while (names.has(alphaName)) alphaName += '_';
    names.add(alphaName);
    outWeights.set(alphaName, { dtype: 'float32', shape: found.shape, data: found.alpha });
    extra.push({
      name: alphaName,
      op: 'Const',
      attr: {
        dtype: { type: 'DT_FLOAT' },
        value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: found.shape.map((size) => ({ size: String(size) })) } } },
      },
    });
    count++;
    return { name: node.name, op: 'Prelu', input: [found.x, alphaName], attr: { T: { type: 'DT_FLOAT' } } };
  });
  return { nodes: [...extra, ...rewritten], weights: outWeights, count };
}
