/**
 * dlib's face recognition ResNet (face-api's FaceRecognitionNet) written as an ONNX graph.
 *
 * The topology follows @vladmandic/face-api `src/faceRecognitionNet/`: a 7×7/2 conv, 3×3/2 max-pool, then residual
 * blocks 32×3, 64 (down)+64×3, 128 (down)+128×2, 256 (down)+256×2, 256 (down), global average, 256→128 matrix.
 * Each conv layer there is `relu?((conv(x, W) + b) · s + t)`; here the per-channel scale s and shift t are folded
 * into the conv (W' = W·s, b' = b·s + t). The input is NHWC [batch,150,150,3], already normalised as
 * (pixel − mean) / 255; it is transposed once to NCHW, the layout ONNX Runtime's CPU convolutions prefer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OnnxGraph } from '../onnx/onnx-graph.js';
import { decodeTfjsWeights, type TfjsWeightsManifest, type WeightTensor } from './tfjs-weights.js';

/** Input and output tensor names of the built model. */
export const DLIB_RESNET_INPUT = 'input';
export const DLIB_RESNET_OUTPUT = 'embedding';
/** Chip size the network was trained on. */
export const DLIB_RESNET_SIZE = 150;

/** Shape of an NCHW activation, spatial dims only (batch is symbolic, channels tracked separately). */
interface Act {
  name: string;
  channels: number;
  size: number;
}

/** Builds the ONNX model from face-api's decoded weights (keys as in its weights manifest). */
export function buildDlibResnetOnnxFromWeights(weights: Map<string, WeightTensor>): Uint8Array {
  const used = new Set<string>();
  const take = (name: string): WeightTensor => {
    const w = weights.get(name);
    if (!w) throw new Error(`dlib ResNet weights: missing ${name}`);
    used.add(name);
    return w;
  };

  const g = new OnnxGraph('dlib_resnet_face_recognition', 13);
  const input = g.input(DLIB_RESNET_INPUT, ['batch', DLIB_RESNET_SIZE, DLIB_RESNET_SIZE, 3]);
  let x: Act = { name: g.node('Transpose', [input], { perm: { ints: [0, 3, 1, 2] } }), channels: 3, size: DLIB_RESNET_SIZE };

  // One face-api conv layer: conv (stride 1 'same', or stride 2 'valid') + bias, then scale/shift, optional relu.
  const convLayer = (from: Act, prefix: string, stride: 1 | 2, relu: boolean): Act => {
    const filters = take(`${prefix}/conv/filters`); // tfjs [kh, kw, in, out]
    const bias = take(`${prefix}/conv/bias`).data;
    const scale = take(`${prefix}/scale/weights`).data;
    const shift = take(`${prefix}/scale/biases`).data;
    const [kh, kw, cin, cout] = filters.shape as [number, number, number, number];
    if (cin !== from.channels) throw new Error(`${prefix}: expects ${cin} input channels, gets ${from.channels}`);
    const w = new Float32Array(cout * cin * kh * kw); // ONNX [out, in, kh, kw]
    for (let o = 0; o < cout; o++) {
      const s = scale[o]!;
      for (let i = 0; i < cin; i++) {
        for (let y = 0; y < kh; y++) {
          for (let xx = 0; xx < kw; xx++) {
            w[((o * cin + i) * kh + y) * kw + xx] = filters.data[((y * kw + xx) * cin + i) * cout + o]! * s;
          }
        }
      }
    }
    const b = Float32Array.from({ length: cout }, (_, o) => bias[o]! * scale[o]! + shift[o]!);
    const pad = stride === 1 ? Math.floor(kh / 2) : 0;
    const conv = g.node('Conv', [from.name, g.float(`${prefix}/W`, [cout, cin, kh, kw], w), g.float(`${prefix}/B`, [cout], b)], {
      kernel_shape: { ints: [kh, kw] },
      strides: { ints: [stride, stride] },
      pads: { ints: [pad, pad, pad, pad] },
    });
    // tfjs 'valid': out = ceil((in - k + 1) / stride), which equals ONNX's floor((in - k) / stride) + 1.
    const size = stride === 1 ? from.size : Math.floor((from.size - kh) / stride) + 1;
    return { name: relu ? g.node('Relu', [conv]) : conv, channels: cout, size };
  };

  const residual = (from: Act, prefix: string): Act => {
    const a = convLayer(from, `${prefix}/conv1`, 1, true);
    const b = convLayer(a, `${prefix}/conv2`, 1, false);
    return { ...b, name: g.node('Relu', [g.node('Add', [b.name, from.name])]) };
  };

  // face-api's residualDown: the shortcut is a 2×2/2 average pool, zero-padded in channels when the block widens;
  // when the strided conv comes out one pixel smaller than the pool, it is zero-padded at the bottom/right.
  const residualDown = (from: Act, prefix: string): Act => {
    const a = convLayer(from, `${prefix}/conv1`, 2, true);
    let b = convLayer(a, `${prefix}/conv2`, 1, false);
    const poolSize = Math.floor((from.size - 2) / 2) + 1;
    let pooled = g.node('AveragePool', [from.name], { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } });
    if (b.size !== poolSize) {
      if (poolSize - b.size !== 1) throw new Error(`${prefix}: conv ${b.size} vs pool ${poolSize}`);
      b = { ...b, name: pad(g, b.name, [0, 0, 0, 0, 0, 0, 1, 1]), size: poolSize };
    }
    if (from.channels !== b.channels) pooled = pad(g, pooled, [0, 0, 0, 0, 0, b.channels - from.channels, 0, 0]);
    return { ...b, name: g.node('Relu', [g.node('Add', [pooled, b.name])]) };
  };

  x = convLayer(x, 'conv32_down', 2, true);
  x = {
    ...x,
    name: g.node('MaxPool', [x.name], { kernel_shape: { ints: [3, 3] }, strides: { ints: [2, 2] } }),
    size: Math.floor((x.size - 3) / 2) + 1,
  };
  for (const block of ['conv32_1', 'conv32_2', 'conv32_3']) x = residual(x, block);
  x = residualDown(x, 'conv64_down');
  for (const block of ['conv64_1', 'conv64_2', 'conv64_3']) x = residual(x, block);
  x = residualDown(x, 'conv128_down');
  for (const block of ['conv128_1', 'conv128_2']) x = residual(x, block);
  x = residualDown(x, 'conv256_down');
  for (const block of ['conv256_1', 'conv256_2']) x = residual(x, block);
  x = residualDown(x, 'conv256_down_out');

  const pooled = g.node('Flatten', [g.node('GlobalAveragePool', [x.name])], { axis: { int: 1 } });
  const fc = take('fc'); // [256, 128], applied as pooled · fc
  if (fc.shape[0] !== x.channels) throw new Error(`fc expects ${fc.shape[0]} inputs, gets ${x.channels}`);
  g.node('MatMul', [pooled, g.float('fc', fc.shape, fc.data)], {}, DLIB_RESNET_OUTPUT);
  g.output(DLIB_RESNET_OUTPUT, ['batch', fc.shape[1]!]);

  const unused = [...weights.keys()].filter((k) => !used.has(k));
  if (unused.length > 0) throw new Error(`dlib ResNet weights not used by the topology: ${unused.join(', ')}`);
  return g.encode('kindred native-models/dlib-resnet');
}

/** Zero-pads an NCHW tensor; `pads` = [begin N,C,H,W, end N,C,H,W]. */
function pad(g: OnnxGraph, x: string, pads: number[]): string {
  return g.node('Pad', [x, g.int64('pads', [8], pads)], { mode: { string: 'constant' } });
}

/** Reads face-api's `face_recognition_model-weights_manifest.json` + shard from `modelDir` and builds the ONNX model. */
export function buildDlibResnetOnnx(modelDir: string): Uint8Array {
  const manifest = JSON.parse(
    readFileSync(join(modelDir, 'face_recognition_model-weights_manifest.json'), 'utf8'),
  ) as TfjsWeightsManifest;
  const weights = decodeTfjsWeights(manifest, (p) => new Uint8Array(readFileSync(join(modelDir, p))));
  return buildDlibResnetOnnxFromWeights(weights);
}
