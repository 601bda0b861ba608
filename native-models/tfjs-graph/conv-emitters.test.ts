import { describe, expect, it } from 'vitest';
import { samePadding } from './conv-padding.js';
import { attr, compareWithTfjs, randomFeed, randomFloats, TestGraph } from './test-graph.js';

interface ConvCase {
  op: '_FusedConv2D' | 'Conv2D' | 'FusedDepthwiseConv2dNative' | 'DepthwiseConv2dNative';
  input: [number, number, number, number];
  kernel: [number, number];
  /** Output channels (conv) or channel multiplier (depthwise). */
  out: number;
  strides?: [number, number];
  dilations?: [number, number];
  padding?: 'SAME' | 'VALID' | 'EXPLICIT';
  explicit?: [number, number, number, number];
  fused?: string[];
  leakyAlpha?: number;
}

function convGraph(c: ConvCase, seed = 1): TestGraph {
  const g = new TestGraph();
  g.input('x', c.input);
  const cin = c.input[3];
  const depthwise = c.op.includes('Depthwise');
  const filterShape = [c.kernel[0], c.kernel[1], cin, c.out];
  g.constant('w', filterShape, randomFloats(filterShape.reduce((a, b) => a * b), seed));
  const outChannels = depthwise ? cin * c.out : c.out;
  const inputs = ['x', 'w'];
  const fused = c.fused ?? [];
  if (fused[0] === 'BiasAdd') inputs.push(g.constant('b', [outChannels], randomFloats(outChannels, seed + 1)));
  if (fused.includes('Prelu')) inputs.push(g.constant('alpha', [outChannels], randomFloats(outChannels, seed + 2, 0, 0.5)));
  const [sh, sw] = c.strides ?? [1, 1];
  const [dh, dw] = c.dilations ?? [1, 1];
  const attrs = {
    padding: attr.str(c.padding ?? 'SAME'),
    strides: attr.ints([1, sh, sw, 1]),
    dilations: attr.ints([1, dh, dw, 1]),
    data_format: attr.str('NHWC'),
    explicit_paddings: attr.ints(c.explicit ? [0, 0, c.explicit[0], c.explicit[1], c.explicit[2], c.explicit[3], 0, 0] : []),
    ...(c.op.startsWith('Fused') || c.op.startsWith('_Fused')
      ? { fused_ops: attr.strs(fused), num_args: attr.int(inputs.length - 2), epsilon: attr.float(0) }
      : {}),
    ...(c.leakyAlpha !== undefined ? { leakyrelu_alpha: attr.float(c.leakyAlpha) } : {}),
  };
  g.op('y', c.op, inputs, attrs);
  return g;
}

async function check(c: ConvCase, inputShapes?: Record<string, number[]>): Promise<number[]> {
  const g = convGraph(c);
  const { diff, converted } = await compareWithTfjs(g, { x: randomFeed(c.input, 7) }, inputShapes ? { inputShapes } : {});
  expect(diff).toBeLessThan(1e-5);
  return converted.outputs[0]!.shape as number[];
}

describe('convolutions against TensorFlow.js', () => {
  it('SAME padding puts the odd pixel at the end, as TensorFlow does', () => {
    // 7 rows, kernel 3, stride 2 → 4 rows out, total padding 2 → 1 + 1; 8 rows → padding 1 → 0 before, 1 after.
    expect(samePadding(7, 3, 2, 1)).toEqual({ before: 1, after: 1, out: 4 });
    expect(samePadding(8, 3, 2, 1)).toEqual({ before: 0, after: 1, out: 4 });
    expect(samePadding(112, 3, 2, 1)).toEqual({ before: 0, after: 1, out: 56 });
    expect(samePadding('h', 3, 2, 1)).toBeNull();
  });

  it('_FusedConv2D + BiasAdd, SAME, stride 2 on even and odd sizes', async () => {
    expect(await check({ op: '_FusedConv2D', input: [2, 8, 9, 3], kernel: [3, 3], out: 4, strides: [2, 2], fused: ['BiasAdd'] })).toEqual([2, 4, 5, 4]);
    await check({ op: '_FusedConv2D', input: [1, 7, 6, 2], kernel: [4, 2], out: 3, strides: [2, 3], fused: ['BiasAdd'] });
  });

  it('_FusedConv2D with each fused activation', async () => {
    for (const act of ['Relu', 'Relu6', 'Elu', 'Sigmoid', 'LeakyRelu', 'Prelu']) {
      const c: ConvCase = { op: '_FusedConv2D', input: [1, 6, 5, 3], kernel: [3, 3], out: 4, fused: ['BiasAdd', act] };
      if (act === 'LeakyRelu') c.leakyAlpha = 0.1;
      await check(c);
    }
  });

  it('Conv2D VALID, EXPLICIT padding and dilations', async () => {
    expect(await check({ op: 'Conv2D', input: [2, 9, 7, 3], kernel: [3, 2], out: 5, padding: 'VALID', strides: [2, 1] })).toEqual([2, 4, 6, 5]);
    await check({ op: 'Conv2D', input: [1, 6, 6, 2], kernel: [3, 3], out: 2, padding: 'EXPLICIT', explicit: [1, 2, 0, 1], strides: [2, 2] });
    await check({ op: 'Conv2D', input: [1, 9, 8, 2], kernel: [3, 3], out: 3, dilations: [2, 2] });
  });

  it('depthwise convolutions, multiplier 1 and 2, fused and plain', async () => {
    await check({ op: 'FusedDepthwiseConv2dNative', input: [2, 7, 8, 4], kernel: [3, 3], out: 1, strides: [2, 2], fused: ['BiasAdd', 'Relu'] });
    await check({ op: 'FusedDepthwiseConv2dNative', input: [1, 7, 7, 3], kernel: [7, 7], out: 1, padding: 'VALID', fused: ['BiasAdd'] });
    await check({ op: 'DepthwiseConv2dNative', input: [1, 5, 6, 3], kernel: [3, 2], out: 2 });
  });

  it('falls back to auto_pad SAME_UPPER when the spatial size is unknown', async () => {
    const shape = await check({ op: '_FusedConv2D', input: [1, 9, 6, 2], kernel: [3, 3], out: 2, strides: [2, 2], fused: ['BiasAdd'] }, { x: [-1, -1, -1, 2] });
    expect(shape[0]).toBe('batch');
    expect(typeof shape[1]).toBe('string');
    expect(shape[3]).toBe(2);
  });

  it('refuses NCHW data, fused batch norm and a computed filter, naming the node', async () => {
    const g = convGraph({ op: '_FusedConv2D', input: [1, 4, 4, 2], kernel: [1, 1], out: 1, fused: ['BiasAdd'] });
    g.nodes.at(-1)!.attr!['data_format'] = attr.str('NCHW');
    await expect(g.runOnnx({})).rejects.toThrow(/node "y" \(_FusedConv2D\): data_format NCHW/);
    const bn = convGraph({ op: '_FusedConv2D', input: [1, 4, 4, 2], kernel: [1, 1], out: 1, fused: ['FusedBatchNorm'] });
    await expect(bn.runOnnx({})).rejects.toThrow(/FusedBatchNorm is not supported/);
    const computed = new TestGraph();
    computed.input('x', [1, 4, 4, 1]);
    computed.input('w', [1, 1, 1, 1]);
    computed.op('y', 'Conv2D', ['x', 'w'], { padding: attr.str('SAME'), strides: attr.ints([1, 1, 1, 1]) });
    await expect(computed.runOnnx({})).rejects.toThrow(/node "y" \(Conv2D\): filter must be a constant/);
  });
});
