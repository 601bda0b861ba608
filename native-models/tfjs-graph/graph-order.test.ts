import { describe, expect, it } from 'vitest';
import { orderForOutputs, parseInputRef } from './graph-order.js';
import type { TfjsNode } from './tfjs-model-json.js';

const n = (name: string, ...input: string[]): TfjsNode => ({ name, op: 'X', input });

describe('graph order', () => {
  it('parses input references', () => {
    expect(parseInputRef('a/b')).toEqual({ node: 'a/b', output: 0 });
    expect(parseInputRef('a/b:2')).toEqual({ node: 'a/b', output: 2 });
    expect(parseInputRef('^a')).toBeNull();
  });

  it('puts each needed node after its inputs, drops unneeded ones, ignores control edges', () => {
    const nodes = [n('out', 'mid:0', 'in'), n('dead', 'in'), n('mid', 'in', '^dead'), n('in')];
    expect(orderForOutputs(nodes, ['out']).map((x) => x.name)).toEqual(['in', 'mid', 'out']);
  });

  it('reports cycles, unknown inputs and unknown outputs', () => {
    expect(() => orderForOutputs([n('a', 'b'), n('b', 'a')], ['a'])).toThrow(/cycle/);
    expect(() => orderForOutputs([n('a', 'zzz')], ['a'])).toThrow(/reads "zzz"/);
    expect(() => orderForOutputs([n('a')], ['q'])).toThrow(/output "q"/);
  });

  it('handles a deep chain without recursion limits', () => {
    const nodes = [n('n0'), ...Array.from({ length: 20000 }, (_, i) => n(`n${i + 1}`, `n${i}`))];
    expect(orderForOutputs(nodes, ['n20000'])).toHaveLength(20001);
  });
});
