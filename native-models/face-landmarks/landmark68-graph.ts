/**
 * face-api's 68-point face landmark net (FaceLandmark68Net) written as an ONNX graph.
 *
 * The topology follows @vladmandic/face-api `src/faceFeatureExtractor/` and `src/faceLandmarkNet/`: four dense blocks
 * (32, 64, 128, 256 channels; each a strided conv — a plain conv in the first block, a depthwise-separable one after —
 * and three depthwise-separable convs whose inputs are the ReLU of the running sum of the block's outputs), a 7×7/2
 * average pool and a 256→136 dense layer. Convolutions use TensorFlow's SAME padding (at stride 2 the odd pixel goes
 * at the end). The input is NHWC [batch,112,112,3], normalised as (pixel − mean) / 255; the output, `landmarks`
 * [batch,136], is x0, y0, x1, y1, … as fractions of the input's width and height (iBUG 68-point order).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OnnxGraph } from '../onnx/onnx-graph.js';
import { decodeTfjsWeights, type TfjsWeightsManifest, type WeightTensor } from '../dlib-resnet/tfjs-weights.js';
import { samePadding } from '../tfjs-graph/conv-padding.js';

export const LANDMARK68_INPUT = 'input';
export const LANDMARK68_OUTPUT = 'landmarks';
/** Side of the square input. */
export const LANDMARK68_SIZE = 112;

interface Act {
  name: string;
  channels: number;
  size: number;
}

/** Builds the ONNX model from face-api's decoded weights (keys as in its weights manifest). */
export function buildLandmark68OnnxFromWeights(weights: Map<string, WeightTensor>): Uint8Array {
  const used = new Set<string>();
  const take = (name: string): WeightTensor => {
    const w = weights.get(name);
    if (!w) throw new Error(`landmark net weights: missing ${name}`);
    used.add(name);
    return w;
  };
  const g = new OnnxGraph('face_landmark_68', 13);
  const input = g.input(LANDMARK68_INPUT, ['batch', LANDMARK68_SIZE, LANDMARK68_SIZE, 3]);
  let x: Act = { name: g.node('Transpose', [input], { perm: { ints: [0, 3, 1, 2] } }), channels: 3, size: LANDMARK68_SIZE };

  // ONNX Conv with TensorFlow SAME padding; `group` = channels for a depthwise conv.
  const conv = (from: Act, prefix: string, w: Float32Array, shape: [number, number, number, number], bias: Float32Array | null, stride: number, group = 1): Act => {
    const [cout, , kh, kw] = shape;
    const pad = samePadding(from.size, kh, stride, 1)!;
    const inputs = [from.name, g.float(`${prefix}/W`, shape, w)];
    if (bias) inputs.push(g.float(`${prefix}/B`, [cout], bias));
    const name = g.node('Conv', inputs, {
      kernel_shape: { ints: [kh, kw] },
      strides: { ints: [stride, stride] },
      pads: { ints: [pad.before, pad.before, pad.after, pad.after] },
      group: { int: group },
    });
    return { name, channels: cout, size: pad.out! };
  };

  // tfjs conv2d filters [kh, kw, in, out] → ONNX [out, in, kh, kw].
  const plainConv = (from: Act, prefix: string, stride: number): Act => {
    const f = take(`${prefix}/filters`);
    const [kh, kw, cin, cout] = f.shape as [number, number, number, number];
    if (cin !== from.channels) throw new Error(`${prefix}: expects ${cin} input channels, gets ${from.channels}`);
    const w = new Float32Array(cout * cin * kh * kw);
    for (let o = 0; o < cout; o++)
      for (let i = 0; i < cin; i++)
        for (let y = 0; y < kh; y++) for (let xx = 0; xx < kw; xx++) w[((o * cin + i) * kh + y) * kw + xx] = f.data[((y * kw + xx) * cin + i) * cout + o]!;
    return conv(from, prefix, w, [cout, cin, kh, kw], take(`${prefix}/bias`).data, stride);
  };

  // tf.separableConv2d + bias: depthwise [kh, kw, C, 1] → ONNX [C, 1, kh, kw] (group C), pointwise [1, 1, C, out].
  const separableConv = (from: Act, prefix: string, stride: number): Act => {
    const d = take(`${prefix}/depthwise_filter`);
    const p = take(`${prefix}/pointwise_filter`);
    const [kh, kw, c] = d.shape as [number, number, number, number];
    if (c !== from.channels) throw new Error(`${prefix}: expects ${c} input channels, gets ${from.channels}`);
    const dw = new Float32Array(c * kh * kw);
    for (let ch = 0; ch < c; ch++) for (let y = 0; y < kh; y++) for (let xx = 0; xx < kw; xx++) dw[(ch * kh + y) * kw + xx] = d.data[(y * kw + xx) * c + ch]!;
    const depthwise = conv(from, `${prefix}/depthwise`, dw, [c, 1, kh, kw], null, stride, c);
    const cout = p.shape[3]!;
    const pw = new Float32Array(cout * c);
    for (let o = 0; o < cout; o++) for (let ch = 0; ch < c; ch++) pw[o * c + ch] = p.data[ch * cout + o]!;
    return conv(depthwise, `${prefix}/pointwise`, pw, [cout, c, 1, 1], take(`${prefix}/bias`).data, 1);
  };

  const relu = (a: Act): Act => ({ ...a, name: g.node('Relu', [a.name]) });
  const add = (...xs: Act[]): Act => xs.slice(1).reduce((s, v) => ({ ...s, name: g.node('Add', [s.name, v.name]) }), xs[0]!);

  // face-api denseBlock4 (isScaleDown: the first conv has stride 2).
  const denseBlock = (from: Act, prefix: string, first: boolean): Act => {
    const out1 = relu(first ? plainConv(from, `${prefix}/conv0`, 2) : separableConv(from, `${prefix}/conv0`, 2));
    const out2 = separableConv(out1, `${prefix}/conv1`, 1);
    const out3 = separableConv(relu(add(out1, out2)), `${prefix}/conv2`, 1);
    const out4 = separableConv(relu(add(out1, out2, out3)), `${prefix}/conv3`, 1);
    return relu(add(out1, out2, out3, out4));
  };

  x = denseBlock(x, 'dense0', true);
  x = denseBlock(x, 'dense1', false);
  x = denseBlock(x, 'dense2', false);
  x = denseBlock(x, 'dense3', false);
  if (x.size !== 7) throw new Error(`landmark net: expected 7×7 features, got ${x.size}`);
  // avgPool [7, 7] stride [2, 2] 'valid' on 7×7 is the global average.
  const pooled = g.node('Flatten', [g.node('GlobalAveragePool', [x.name])], { axis: { int: 1 } });
  const fc = take('fc/weights'); // [256, 136]
  if (fc.shape[0] !== x.channels) throw new Error(`fc expects ${fc.shape[0]} inputs, gets ${x.channels}`);
  const product = g.node('MatMul', [pooled, g.float('fc/W', fc.shape, fc.data)]);
  const fcBias = take('fc/bias');
  g.node('Add', [product, g.float('fc/B', fcBias.shape, fcBias.data)], {}, LANDMARK68_OUTPUT);
  g.output(LANDMARK68_OUTPUT, ['batch', fc.shape[1]!]);

  const unused = [...weights.keys()].filter((k) => !used.has(k));
  if (unused.length > 0) throw new Error(`landmark net weights not used by the topology: ${unused.join(', ')}`);
  return g.encode('kindred native-models/face-landmarks');
}

/** Reads face-api's `face_landmark_68_model-weights_manifest.json` + shard from `modelDir` and builds the ONNX model. */
export function buildLandmark68Onnx(modelDir: string): Uint8Array {
  const manifest = JSON.parse(readFileSync(join(modelDir, 'face_landmark_68_model-weights_manifest.json'), 'utf8')) as TfjsWeightsManifest;
  const weights = decodeTfjsWeights(manifest, (p) => new Uint8Array(readFileSync(join(modelDir, p))));
  return buildLandmark68OnnxFromWeights(weights);
}
