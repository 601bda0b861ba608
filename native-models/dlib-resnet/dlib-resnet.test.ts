/**
 * Parity: face-api's own FaceRecognitionNet (TensorFlow.js, cpu backend) against our ONNX graph (onnxruntime-node)
 * on the same 150×150 face crops.
 */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as ort from '../../app/vision/onnx-runtime.js';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findModel, loadManifest } from '../../app/shared/model-manifest.js';
import { fixturesDir, SHARED_FACES_SKIP, sharedFacesDir } from '../../app/testing/shared-faces.js';
import { ensureModelBuilt, nativeModelsDir } from '../model-build.js';
import { sha256 } from '../source-files.js';
import { buildDlibResnetOnnx, DLIB_RESNET_INPUT, DLIB_RESNET_OUTPUT } from './dlib-resnet-graph.js';

/** The slice of face-api's node-wasm bundle (which takes @tensorflow/tfjs from node_modules) used here. */
interface FaceApi {
  tf: {
    setBackend(name: string): Promise<boolean>;
    tensor4d(values: Float32Array, shape: [number, number, number, number]): { dispose(): void };
  };
  nets: { faceRecognitionNet: { loadFromDisk(dir: string): Promise<void>; computeFaceDescriptor(t: unknown): Promise<Float32Array> } };
}

const require = createRequire(import.meta.url);
const faceApiModelDir = join(nativeModelsDir, '..', 'node_modules', '@vladmandic', 'face-api', 'model');
const entry = findModel(loadManifest(), 'dlib-resnet-128');
const { mean, std } = entry.input.normalization;

/** A square region resized to 150×150 RGB, as raw 0..255 floats (grey images expanded to three channels). */
async function crop150(file: string, region?: { left: number; top: number; size: number }): Promise<Float32Array> {
  let image = sharp(file);
  if (region) image = image.extract({ left: region.left, top: region.top, width: region.size, height: region.size });
  const { data, info } = await image.resize(150, 150, { fit: 'cover' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const out = new Float32Array(150 * 150 * 3);
  for (let p = 0; p < 150 * 150; p++) {
    for (let c = 0; c < 3; c++) out[p * 3 + c] = data[p * info.channels + (info.channels === 1 ? 0 : c)]!;
  }
  return out;
}

function normalise(pixels: Float32Array): Float32Array {
  return pixels.map((v, i) => (v - mean[i % 3]!) / std[i % 3]!);
}

function compare(a: Float32Array, b: Float32Array): { cosine: number; maxAbs: number } {
  let dot = 0;
  let na = 0;
  let nb = 0;
  let maxAbs = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
    maxAbs = Math.max(maxAbs, Math.abs(a[i]! - b[i]!));
  }
  return { cosine: dot / Math.sqrt(na * nb), maxAbs };
}

let faceapi: FaceApi;
let session: ort.InferenceSession;

beforeAll(async () => {
  const path = await ensureModelBuilt('dlib-resnet-128');
  session = await ort.InferenceSession.create(path, { intraOpNumThreads: 2 });
  faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
  await faceapi.tf.setBackend('cpu');
  await faceapi.nets.faceRecognitionNet.loadFromDisk(faceApiModelDir);
});

afterAll(async () => {
  await session?.release();
});

async function ours(batch: Float32Array[]): Promise<Float32Array[]> {
  const input = new Float32Array(batch.length * 150 * 150 * 3);
  batch.forEach((pixels, i) => input.set(normalise(pixels), i * pixels.length));
  const out = await session.run({ [DLIB_RESNET_INPUT]: new ort.Tensor('float32', input, [batch.length, 150, 150, 3]) });
  const data = out[DLIB_RESNET_OUTPUT]!.data as Float32Array;
  return batch.map((_, i) => data.slice(i * 128, (i + 1) * 128));
}

async function reference(pixels: Float32Array): Promise<Float32Array> {
  const t = faceapi.tf.tensor4d(pixels, [1, 150, 150, 3]);
  try {
    return await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(t);
  } finally {
    t.dispose();
  }
}

async function expectParity(label: string, pixels: Float32Array): Promise<Float32Array> {
  const [mine] = await ours([pixels]);
  const ref = await reference(pixels);
  const { cosine, maxAbs } = compare(mine!, ref);
  console.log(`dlib parity ${label}: cosine ${cosine.toFixed(9)} (1 - cos = ${(1 - cosine).toExponential(1)}), max |diff| ${maxAbs.toExponential(2)}`);
  expect(cosine).toBeGreaterThanOrEqual(0.9999);
  expect(maxAbs).toBeLessThan(1e-3);
  return mine!;
}

describe('dlib ResNet ONNX vs face-api FaceRecognitionNet', () => {
  it('builds the same bytes every time, matching the manifest hash', () => {
    const a = buildDlibResnetOnnx(faceApiModelDir);
    const b = buildDlibResnetOnnx(faceApiModelDir);
    expect(sha256(a)).toBe(sha256(b));
    expect(sha256(a)).toBe(entry.sha256);
  });

  it('declares NHWC [batch,150,150,3] in and [batch,128] out', () => {
    const [input] = session.inputMetadata;
    const [output] = session.outputMetadata;
    expect(input?.isTensor && input.shape).toEqual(['batch', 150, 150, 3]);
    expect(output?.isTensor && output.shape).toEqual(['batch', 128]);
  });

  it('agrees on the public fixture faces, one by one and batched', async () => {
    const astronaut = await crop150(join(fixturesDir, 'astronaut.png'), { left: 145, top: 45, size: 160 });
    const hopper = await crop150(join(fixturesDir, 'grace_hopper_512x512.jpg'), { left: 150, top: 100, size: 230 });
    const a = await expectParity('astronaut.png', astronaut);
    const h = await expectParity('grace_hopper_512x512.jpg', hopper);
    // Two different people are far apart (dlib's usual threshold is 0.6).
    const distance = Math.hypot(...a.map((v, i) => v - h[i]!));
    expect(distance).toBeGreaterThan(0.6);
    const batched = await ours([astronaut, hopper]);
    expect(compare(batched[0]!, a).maxAbs).toBeLessThan(1e-5);
    expect(compare(batched[1]!, h).maxAbs).toBeLessThan(1e-5);
  });

  describe.skipIf(!sharedFacesDir)(sharedFacesDir ? 'on labeled faces from ../shared/faces' : SHARED_FACES_SKIP, () => {
    it('agrees on a few ../shared/faces images', async () => {
      const dir = sharedFacesDir!;
      const picks = ['celeb5/madonna', 'celeb5/elton_john', 'bbt/penny', 'bbt/sheldon'].map((folder) => {
        const first = readdirSync(join(dir, folder)).sort()[0]!;
        return join(folder, first);
      });
      for (const rel of picks) await expectParity(rel, await crop150(join(dir, rel)));
    });
  });
});
