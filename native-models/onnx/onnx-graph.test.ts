import { describe, expect, it } from 'vitest';
import * as ort from '../../app/vision/onnx-runtime.js';
import { OnnxGraph } from './onnx-graph.js';

describe('OnnxGraph', () => {
  it('builds a model that ONNX Runtime runs: y = relu(x·W + b)', async () => {
    const g = new OnnxGraph('tiny');
    const x = g.input('x', ['batch', 2]);
    const w = g.float('w', [2, 2], [1, -1, 2, 0.5]);
    const b = g.float('b', [2], [0.5, -10]);
    const y = g.node('Relu', [g.node('Add', [g.node('MatMul', [x, w]), b])], {}, 'y');
    g.output(y, ['batch', 2]);
    const session = await ort.InferenceSession.create(g.encode());
    const result = await session.run({ x: new ort.Tensor('float32', Float32Array.from([1, 2, -3, 1]), [2, 2]) });
    // row 1: [1+4, -1+1] + b = [5.5, -10] → relu → [5.5, 0]; row 2: [-3+2, 3+0.5] + b = [-0.5, -6.5] → [0, 0]
    expect(Array.from(result['y']!.data as Float32Array)).toEqual([5.5, 0, 0, 0]);
  });

  it('refuses an initializer whose data does not fit its dims', () => {
    const g = new OnnxGraph('bad');
    expect(() => g.float('w', [2, 3], [1, 2, 3])).toThrow(/3 values for dims \[2,3\]/);
  });
});
