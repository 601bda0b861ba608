import type { TfjsNode } from './tfjs-model-json.js';

/** A reference to one output of a node, parsed from a node's `input` entry. */
export interface InputRef {
  node: string;
  output: number;
}

/** Parses `name`, `name:k`; returns null for a control dependency (`^name`), which carries no data. */
export function parseInputRef(ref: string): InputRef | null {
  if (ref.startsWith('^')) return null;
  const m = /^(.*):(\d+)$/.exec(ref);
  return m ? { node: m[1]!, output: Number(m[2]) } : { node: ref, output: 0 };
}

/** The data inputs of a node, in order. */
export function dataInputs(node: TfjsNode): InputRef[] {
  return (node.input ?? []).map(parseInputRef).filter((r): r is InputRef => r !== null);
}

/**
 * The nodes the given outputs depend on, each after all of its data inputs (a depth-first
 * post-order, so the result is deterministic). Control dependencies are ignored: an inference
 * graph computes the same values without them.
 */
export function orderForOutputs(nodes: readonly TfjsNode[], outputs: readonly string[]): TfjsNode[] {
  const byName = new Map<string, TfjsNode>();
  for (const n of nodes) {
    if (byName.has(n.name)) throw new Error(`two nodes are named "${n.name}"`);
    byName.set(n.name, n);
  }
  const state = new Map<string, 'open' | 'done'>();
  const order: TfjsNode[] = [];
  for (const out of outputs) {
    const root = byName.get(out);
    if (!root) throw new Error(`output "${out}" is not a node of the graph`);
    // Iterative DFS: deep graphs must not exhaust the stack.
    const stack: { node: TfjsNode; next: number }[] = [];
    const visit = (n: TfjsNode): void => {
      if (state.get(n.name) === 'done') return;
      if (state.get(n.name) === 'open') throw new Error(`the graph has a cycle through "${n.name}"`);
      state.set(n.name, 'open');
      stack.push({ node: n, next: 0 });
    };
    visit(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const inputs = dataInputs(top.node);
      if (top.next < inputs.length) {
        const ref = inputs[top.next++]!;
        const producer = byName.get(ref.node);
        if (!producer) throw new Error(`node "${top.node.name}" reads "${ref.node}", which is not in the graph`);
        visit(producer);
      } else {
        stack.pop();
        state.set(top.node.name, 'done');
        order.push(top.node);
      }
    }
  }
  return order;
}
