import { describe, expect, it } from 'vitest';
import { attr, compareWithTfjs, onnxOpCounts, randomFeed, randomFloats, TestGraph } from './test-graph.js';

const SHAPE = [2, 5, 4, 3];

/** x, optionally through a 1×1 convolution so that the op under test meets an NCHW-held value. */
function source(g: TestGraph, name: string, viaConv: boolean, seed: number): string {
  g.input(name, SHAPE);
  if (!viaConv) return name;
  g.constant(`${name}_w`, [1, 1, 3, 3], randomFloats(9, seed));
  return g.op(`${name}_conv`, 'Conv2D', [name, `${name}_w`], {
    padding: attr.str('SAME'),
    strides: attr.ints([1, 1, 1, 1]),
    dilations: attr.ints([1, 1, 1, 1]),
  });
}

const UNARY = ['Identity', 'Relu', 'Relu6', 'Sigmoid', 'Tanh', 'Abs', 'Neg', 'Square', 'Sqrt', 'Rsqrt'];
const BINARY = ['Add', 'AddV2', 'Sub', 'Mul', 'RealDiv', 'Maximum', 'Minimum'];

describe('element-wise ops against TensorFlow.js', () => {
  for (const viaConv of [false, true]) {
    const layout = viaConv ? 'NCHW-held' : 'plain';

    it(`unary ops on a ${layout} value`, async () => {
      for (const op of UNARY) {
        const g = new TestGraph();
        let x = source(g, 'x', viaConv, 3);
        // Square roots need positive inputs.
        if (op === 'Sqrt' || op === 'Rsqrt') x = g.op('pos', 'Add', [g.op('abs', 'Abs', [x]), g.constant('eps', [], [0.1])]);
        g.op('y', op === 'Relu6' ? 'Relu6' : op, [x]);
        const scale = op === 'Relu6' ? 8 : 1;
        const feed = randomFeed(SHAPE, 11, -scale, scale);
        const { diff } = await compareWithTfjs(g, { x: feed }, { outputs: ['y'] });
        expect(diff, op).toBeLessThan(1e-5);
      }
    });

    it(`binary ops with broadcasting on ${layout} values`, async () => {
      for (const op of BINARY) {
        // runtime ∘ runtime, runtime ∘ per-channel vector, scalar ∘ runtime, runtime ∘ [W,C] constant
        const g = new TestGraph();
        const a = source(g, 'a', viaConv, 5);
        const b = source(g, 'b', viaConv, 6);
        const chan = g.constant('chan', [3], [0.5, -2, 1.5]);
        const scalar = g.constant('scalar', [], [1.25]);
        const wc = g.constant('wc', [4, 3], randomFloats(12, 9, 0.5, 1.5));
        g.op('y1', op, [a, b]);
        g.op('y2', op, [a, chan]);
        g.op('y3', op, [scalar, b]);
        g.op('y4', op, [a, wc]);
        const { diff } = await compareWithTfjs(g, { a: randomFeed(SHAPE, 1), b: randomFeed(SHAPE, 2, 0.5, 2) }, { outputs: ['y1', 'y2', 'y3', 'y4'] });
        expect(diff, op).toBeLessThan(1e-5);
      }
    });

    it(`BiasAdd and Prelu on a ${layout} value`, async () => {
      const g = new TestGraph();
      const x = source(g, 'x', viaConv, 4);
      g.op('biased', 'BiasAdd', [x, g.constant('bias', [3], [1, -1, 0.25])], { data_format: attr.str('NHWC') });
      g.op('y', 'Prelu', ['biased', g.constant('alpha', [3], [0.1, -0.5, 2])]);
      const { diff, converted } = await compareWithTfjs(g, { x: randomFeed(SHAPE, 8) }, { outputs: ['biased', 'y'] });
      expect(diff).toBeLessThan(1e-5);
      // NCHW-held: one transpose in, one back per output, none in between.
      if (viaConv) expect(onnxOpCounts(converted.graph.encode())['Transpose']).toBe(3);
    });
  }

  it('a rank-2 value meets an NCHW-held rank-4 one: both in TensorFlow layout', async () => {
    const g = new TestGraph();
    const a = source(g, 'a', true, 5);
    g.input('row', [4, 3]);
    g.op('y', 'Mul', [a, 'row']);
    const { diff } = await compareWithTfjs(g, { a: randomFeed(SHAPE, 1), row: randomFeed([4, 3], 2) }, { outputs: ['y'] });
    expect(diff).toBeLessThan(1e-5);
  });

  it('folds constant-only subgraphs into one initializer', async () => {
    const g = new TestGraph();
    g.input('x', SHAPE);
    const c = g.op('c2', 'Sqrt', [g.op('c1', 'Mul', [g.constant('k', [3], [1, 4, 9]), g.constant('two', [], [4])])]);
    g.op('y', 'Add', ['x', c]);
    const { diff, converted } = await compareWithTfjs(g, { x: randomFeed(SHAPE, 3) }, { outputs: ['y'] });
    expect(diff).toBeLessThan(1e-6);
    const bytes = converted.graph.encode();
    // Only Add and the output Identity remain: no Mul or Sqrt node was emitted.
    expect(Buffer.from(bytes).includes('Sqrt')).toBe(false);
    expect(Buffer.from(bytes).includes('n_Mul')).toBe(false);
  });
});
