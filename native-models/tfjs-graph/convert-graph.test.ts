import { describe, expect, it } from 'vitest';
import { convertTfjsGraph } from './convert-graph.js';
import { supportedOps } from './op-table.js';
import { attr, compareWithTfjs, onnxOpCounts, randomFeed, randomFloats, runOnnx, TestGraph, maxAbsDiff } from './test-graph.js';
import { transposeTensor } from './tensor-data.js';

const conv = (g: TestGraph, name: string, x: string, cin: number, cout: number, fused: string[] = ['BiasAdd']): string => {
  g.constant(`${name}_w`, [3, 3, cin, cout], randomFloats(9 * cin * cout, name.length));
  g.constant(`${name}_b`, [cout], randomFloats(cout, 3));
  return g.op(name, '_FusedConv2D', [x, `${name}_w`, `${name}_b`], {
    padding: attr.str('SAME'),
    strides: attr.ints([1, 1, 1, 1]),
    dilations: attr.ints([1, 1, 1, 1]),
    fused_ops: attr.strs(fused),
    num_args: attr.int(1),
  });
};

/** TensorFlow's decomposed PReLU on x: Relu(x) + (x − |x|)·c, as MobileFaceNet writes it. */
const decomposedPrelu = (g: TestGraph, p: string, x: string, channels: number): string => {
  const c = g.constant(`${p}/mul`, [channels], randomFloats(channels, 4, -0.6, 0.6));
  const relu = g.op(`${p}/Relu`, 'Relu', [x]);
  const sub = g.op(`${p}/sub`, 'Sub', [x, g.op(`${p}/Abs`, 'Abs', [x])]);
  return g.op(`${p}/add`, 'Add', [relu, g.op(`${p}/mul_1`, 'Mul', [sub, c])]);
};

describe('convertTfjsGraph', () => {
  it('names the op type and node of an unsupported op, but only when an output needs it', async () => {
    const g = new TestGraph();
    g.input('x', [1, 4]);
    g.op('soft', 'Softmax', ['x']);
    g.op('y', 'Relu', ['x']);
    expect(() => convertTfjsGraph(g.model(), { outputs: ['soft'] })).toThrow('node "soft" (Softmax): unsupported op type "Softmax"');
    expect(() => convertTfjsGraph(g.model())).toThrow(/unsupported op type "Softmax"/);
    g.op('odd', 'toString', ['x']);
    expect(() => convertTfjsGraph(g.model(), { outputs: ['odd'] })).toThrow('node "odd" (toString): unsupported op type "toString"');
    const { diff } = await compareWithTfjs(g, { x: randomFeed([1, 4], 1) }, { outputs: ['y'] });
    expect(diff).toBe(0);
  });

  it('lists its supported ops', () => {
    expect(supportedOps()).toEqual(
      expect.arrayContaining(['Const', 'Placeholder', '_FusedConv2D', 'FusedDepthwiseConv2dNative', 'Relu', 'Abs', 'Sub', 'Mul', 'Add', 'Squeeze', 'Square', 'Sum', 'Maximum', 'Rsqrt']),
    );
  });

  it('takes outputs from the signature, else the unread nodes; follows name:0 and ignores control inputs', () => {
    const g = new TestGraph();
    g.input('x', [1, 3]);
    g.op('a', 'Relu', ['x:0']);
    g.op('b', 'Neg', ['a', '^x']);
    g.op('c', 'Abs', ['x']);
    expect(convertTfjsGraph(g.model()).outputs.map((o) => o.name)).toEqual(['b', 'c']);
    const withSignature = g.model();
    withSignature.json.userDefinedMetadata = { signature: { outputs: { out: { name: 'a:0' } } } };
    expect(convertTfjsGraph(withSignature).outputs).toEqual([{ name: 'a', shape: [1, 3] }]);
  });

  it('fuses the decomposed PReLU exactly, and drops it after a fused Relu', async () => {
    const g = new TestGraph();
    g.input('x', [2, 6, 5, 3]);
    const p1 = decomposedPrelu(g, 'block1', conv(g, 'conv1', 'x', 3, 4), 4);
    const p2 = decomposedPrelu(g, 'block2', conv(g, 'conv2', p1, 4, 4, ['BiasAdd', 'Relu']), 4);
    g.op('y', 'Identity', [p2]);
    const feeds = { x: randomFeed([2, 6, 5, 3], 5, -2, 2) };
    const fused = await compareWithTfjs(g, feeds, { outputs: ['y', p1] });
    const plain = await compareWithTfjs(g, feeds, { outputs: ['y', p1], fusePrelu: false });
    expect(fused.converted.preluFused).toBe(2);
    expect(plain.converted.preluFused).toBe(0);
    expect(fused.diff).toBeLessThan(1e-5);
    expect(plain.diff).toBeLessThan(1e-5);
    // The rewrite itself is exact: both conversions agree bit for bit.
    expect(maxAbsDiff(fused.onnx[0]!, plain.onnx[0]!)).toBe(0);
    expect(maxAbsDiff(fused.onnx[1]!, plain.onnx[1]!)).toBe(0);
    const counts = onnxOpCounts(fused.converted.graph.encode());
    expect(counts['PRelu']).toBe(1);
    expect(counts['Abs']).toBeUndefined();
    expect(onnxOpCounts(plain.converted.graph.encode())['Abs']).toBe(2);
  });

  it('can declare a rank-4 input NCHW and then transposes nothing on the way in', async () => {
    const g = new TestGraph();
    g.input('x', [1, 5, 4, 2]);
    g.op('y', 'Relu', [conv(g, 'conv', 'x', 2, 3)]);
    const nhwc = randomFeed([1, 5, 4, 2], 9);
    const [expected] = await g.runTfjs({ x: nhwc }, ['y']);
    const converted = convertTfjsGraph(g.model(), { nchwInputs: true });
    expect(converted.inputs).toEqual([{ name: 'x', shape: [1, 2, 5, 4] }]);
    const nchw = transposeTensor({ dtype: 'float32', shape: nhwc.shape, data: nhwc.data }, [0, 3, 1, 2]);
    const bytes = converted.graph.encode();
    const [actual] = await runOnnx(bytes, { x: { shape: nchw.shape, data: nchw.data } }, ['y']);
    expect(maxAbsDiff(expected!, actual!)).toBeLessThan(1e-5);
    expect(onnxOpCounts(bytes)['Transpose']).toBe(1);
  });

  it('keeps TensorFlow node names that look like generated ones apart from them', async () => {
    const g = new TestGraph();
    g.input('x', [1, 3, 3, 2]);
    g.op('transpose_0', 'Relu', [conv(g, 'weight_1', 'x', 2, 2)]);
    g.op('n_Relu_2', 'Neg', ['transpose_0']);
    const { diff } = await compareWithTfjs(g, { x: randomFeed([1, 3, 3, 2], 2) }, { outputs: ['n_Relu_2', 'transpose_0'] });
    expect(diff).toBeLessThan(1e-5);
  });

  it('gives the same bytes every time', () => {
    const g = new TestGraph();
    g.input('x', [-1, 4, 4, 2]);
    decomposedPrelu(g, 'p', conv(g, 'c', 'x', 2, 3), 3);
    const a = convertTfjsGraph(g.model()).graph.encode();
    const b = convertTfjsGraph(g.model()).graph.encode();
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});
