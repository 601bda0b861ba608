/**
 * Parity: face-api's own FaceLandmark68Net (TensorFlow.js, wasm backend) against our ONNX graph (onnxruntime-node)
 * on the same 112×112 face windows.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from '../../app/vision/onnx-runtime.js';
import { fixturesDir, projectRoot } from '../../app/testing/shared-faces.js';
import { buildLandmark68Onnx, LANDMARK68_INPUT, LANDMARK68_OUTPUT, LANDMARK68_SIZE } from './landmark68-graph.js';

interface FaceApi {
  nets: { faceLandmark68Net: { loadFromDisk(dir: string): Promise<void>; detectLandmarks(t: unknown): Promise<{ relativePositions: Array<{ x: number; y: number }> }> } };
}
interface Tfjs {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  tensor3d(data: Int32Array, shape: [number, number, number], dtype: 'int32'): { dispose(): void };
}

const require = createRequire(import.meta.url);
const modelDir = join(projectRoot, 'node_modules', '@vladmandic', 'face-api', 'model');
const MEAN = [122.782, 117.001, 104.298];
const S = LANDMARK68_SIZE;

let tf: Tfjs;
let faceapi: FaceApi;
let session: ort.InferenceSession;
beforeAll(async () => {
  tf = require('@tensorflow/tfjs') as Tfjs;
  const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(p: string): void };
  wasm.setWasmPaths(join(projectRoot, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist') + '/');
  await tf.setBackend('wasm');
  await tf.ready();
  faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
  await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
  session = await ort.InferenceSession.create(buildLandmark68Onnx(modelDir), { intraOpNumThreads: 1 });
}, 60_000);

/** A square window of a fixture at 112×112, RGB 0..255. */
async function window112(file: string, left: number, top: number, size: number): Promise<Uint8Array> {
  const { data } = await sharp(join(fixturesDir, file)).extract({ left, top, width: size, height: size }).resize(S, S).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return new Uint8Array(data);
}

describe('face landmark net (68 points) against face-api on TensorFlow.js', () => {
  it('gives the same landmarks on face windows, to a thousandth of the window', async () => {
    const windows = await Promise.all([window112('astronaut.png', 140, 25, 180), window112('grace_hopper_512x512.jpg', 120, 60, 260)]);
    const input = new Float32Array(windows.length * S * S * 3);
    windows.forEach((w, n) => w.forEach((v, i) => (input[n * S * S * 3 + i] = (v - MEAN[i % 3]!) / 255)));
    const out = await session.run({ [LANDMARK68_INPUT]: new ort.Tensor('float32', input, [windows.length, S, S, 3]) });
    const ours = out[LANDMARK68_OUTPUT]!.data as Float32Array;
    let maxDiff = 0;
    for (const [n, w] of windows.entries()) {
      const t = tf.tensor3d(Int32Array.from(w), [S, S, 3], 'int32');
      const reference = (await faceapi.nets.faceLandmark68Net.detectLandmarks(t)).relativePositions;
      t.dispose();
      expect(reference.length).toBe(68);
      reference.forEach((p, i) => {
        maxDiff = Math.max(maxDiff, Math.abs(p.x - ours[n * 136 + 2 * i]!), Math.abs(p.y - ours[n * 136 + 2 * i + 1]!));
      });
      // Sanity: the eyes (36–47) lie above the mouth (48–67) in an upright face.
      expect(ours[n * 136 + 2 * 36 + 1]!).toBeLessThan(ours[n * 136 + 2 * 48 + 1]!);
    }
    console.log(`landmark net parity: max |diff| ${maxDiff.toExponential(2)} of the window`);
    expect(maxDiff).toBeLessThan(1e-3);
  });
});
