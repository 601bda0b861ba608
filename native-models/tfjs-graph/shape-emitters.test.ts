import { describe, expect, it } from 'vitest';
import { attr, compareWithTfjs, onnxOpCounts, randomFeed, randomFloats, TestGraph } from './test-graph.js';

/** x [2,H,W,C] → optional 1×1 conv (NCHW-held) → op. */
function graph(shape: number[], viaConv: boolean): { g: TestGraph; x: string } {
  const g = new TestGraph();
  g.input('x', shape);
  if (!viaConv) return { g, x: 'x' };
  const c = shape[3]!;
  g.constant('w', [1, 1, c, c], randomFloats(c * c, 2));
  const x = g.op('conv', 'Conv2D', ['x', 'w'], { padding: attr.str('VALID'), strides: attr.ints([1, 1, 1, 1]), dilations: attr.ints([1, 1, 1, 1]) });
  return { g, x };
}

describe('shape ops and reductions against TensorFlow.js', () => {
  for (const viaConv of [false, true]) {
    const layout = viaConv ? 'NCHW-held' : 'plain';

    it(`Squeeze of ${layout} values: listed axes, negative axes, all size-1 axes`, async () => {
      const { g, x } = graph([2, 1, 1, 5], viaConv);
      g.op('hw', 'Squeeze', [x], { squeeze_dims: attr.ints([1, 2]) });
      g.op('neg', 'Squeeze', [x], { squeeze_dims: attr.ints([-2]) });
      g.op('all', 'Squeeze', [x], { squeeze_dims: attr.ints([]) });
      const { diff, converted } = await compareWithTfjs(g, { x: randomFeed([2, 1, 1, 5], 1) }, { outputs: ['hw', 'neg', 'all'] });
      expect(diff).toBeLessThan(1e-6);
      expect(converted.outputs.map((o) => o.shape)).toEqual([[2, 5], [2, 1, 5], [2, 5]]);
      // [N,C,1,1] → [N,C] needs no transpose; [N,1,C] (squeezing W only) does.
      if (viaConv) expect(onnxOpCounts(converted.graph.encode())['Transpose']).toBe(2);
    });

    it(`Reshape of a ${layout} value`, async () => {
      const { g, x } = graph([2, 3, 4, 5], viaConv);
      g.op('y', 'Reshape', [x, g.constant('shape', [3], [2, -1, 5], 'int32')]);
      const { diff, converted } = await compareWithTfjs(g, { x: randomFeed([2, 3, 4, 5], 2) }, { outputs: ['y'] });
      expect(diff).toBeLessThan(1e-6);
      expect(converted.outputs[0]!.shape).toEqual([2, 12, 5]);
    });

    it(`Sum, Mean, Max of a ${layout} value over several axes, with and without keep_dims`, async () => {
      const axesSets = [[1], [-1], [1, 2], [0, 3], [1, 2, 3]];
      for (const op of ['Sum', 'Mean', 'Max']) {
        const { g, x } = graph([2, 3, 4, 5], viaConv);
        const outputs: string[] = [];
        axesSets.forEach((axes, i) => {
          const a = g.constant(`axes${i}`, axes.length === 1 ? [] : [axes.length], axes, 'int32');
          for (const keep of [false, true]) outputs.push(g.op(`${op}_${i}_${keep}`, op, [x, a], { keep_dims: attr.bool(keep) }));
        });
        const { diff } = await compareWithTfjs(g, { x: randomFeed([2, 3, 4, 5], 3) }, { outputs });
        expect(diff, op).toBeLessThan(1e-5);
      }
    });
  }

  it('L2 normalisation as MobileFaceNet ends: Square, Sum(keep_dims), Maximum, Rsqrt, Mul', async () => {
    const g = new TestGraph();
    g.input('x', [3, 8]);
    const sum = g.op('sum', 'Sum', [g.op('sq', 'Square', ['x']), g.constant('axis', [], [1], 'int32')], { keep_dims: attr.bool(true) });
    const inv = g.op('inv', 'Rsqrt', [g.op('max', 'Maximum', [sum, g.constant('eps', [], [1e-10])])]);
    g.op('y', 'Mul', ['x', inv]);
    const { diff, onnx } = await compareWithTfjs(g, { x: randomFeed([3, 8], 4) }, { outputs: ['y'] });
    expect(diff).toBeLessThan(1e-6);
    const norm = Math.hypot(...onnx[0]!.slice(0, 8));
    expect(norm).toBeCloseTo(1, 5);
  });
});
