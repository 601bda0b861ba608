import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from '../../app/vision/onnx-runtime.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir, projectRoot, SHARED_FACES_SKIP, sharedFacesDir } from '../../app/testing/shared-faces.js';
import { batch, faceCrop, labelledImages } from './face-crops.js';
import { buildMobileFaceNetOnnx, MOBILEFACENET_DIM, MOBILEFACENET_INPUT, MOBILEFACENET_OUTPUT } from './mobilefacenet.js';
import { onnxOpCounts, runTfjsGraph, type Feed } from './test-graph.js';
import type { TfjsModelJson } from './tfjs-model-json.js';

const sourceDir = join(projectRoot, 'node_modules', '@vladmandic', 'human-models', 'models');

let onnxBytes: Uint8Array;
let session: ort.InferenceSession;
let tfjsJson: TfjsModelJson;
let tfjsWeights: Uint8Array;

beforeAll(async () => {
  onnxBytes = await buildMobileFaceNetOnnx(sourceDir);
  session = await ort.InferenceSession.create(onnxBytes, { intraOpNumThreads: 2 });
  // The reference reads the original files itself, independently of our weight decoder.
  tfjsJson = JSON.parse(await readFile(join(sourceDir, 'mobilefacenet.json'), 'utf8')) as TfjsModelJson;
  tfjsWeights = new Uint8Array(await readFile(join(sourceDir, 'mobilefacenet.bin')));
});

async function onnxEmbed(feed: Feed): Promise<Float32Array> {
  const out = await session.run({ [MOBILEFACENET_INPUT]: new ort.Tensor('float32', feed.data, feed.shape) });
  return out[MOBILEFACENET_OUTPUT]!.data as Float32Array;
}

/** Per-image cosine and the overall max |difference| between two [n,192] batches. */
function compare(a: Float32Array, b: Float32Array): { cosines: number[]; maxAbs: number } {
  const cosines: number[] = [];
  let maxAbs = 0;
  for (let i = 0; i < a.length / MOBILEFACENET_DIM; i++) {
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let j = i * MOBILEFACENET_DIM; j < (i + 1) * MOBILEFACENET_DIM; j++) {
      dot += a[j]! * b[j]!;
      na += a[j]! ** 2;
      nb += b[j]! ** 2;
      maxAbs = Math.max(maxAbs, Math.abs(a[j]! - b[j]!));
    }
    cosines.push(dot / Math.sqrt(na * nb));
  }
  return { cosines, maxAbs };
}

async function parity(label: string, crops: Float32Array[], backend: 'cpu' | 'wasm'): Promise<void> {
  const feed = batch(crops);
  const [reference] = await runTfjsGraph(tfjsJson, tfjsWeights, { [MOBILEFACENET_INPUT]: feed }, [MOBILEFACENET_OUTPUT], backend);
  const ours = await onnxEmbed(feed);
  const { cosines, maxAbs } = compare(reference!, ours);
  console.log(`MobileFaceNet parity, ${label} (${crops.length} images, tfjs ${backend}): 1 − min cosine ${(1 - Math.min(...cosines)).toExponential(2)}, max |diff| ${maxAbs.toExponential(2)}`);
  for (const c of cosines) expect(c).toBeGreaterThanOrEqual(0.9999);
}

describe('MobileFaceNet ONNX', () => {
  it('exposes img_inputs [batch,112,112,3] → embeddings [batch,192], unit length, with the PReLUs fused', async () => {
    expect(session.inputNames).toEqual([MOBILEFACENET_INPUT]);
    expect(session.outputNames).toEqual([MOBILEFACENET_OUTPUT]);
    const ones = { shape: [3, 112, 112, 3], data: new Float32Array(3 * 112 * 112 * 3).map((_, i) => Math.sin(i / 7)) };
    const e = await onnxEmbed(ones);
    expect(e.length).toBe(3 * MOBILEFACENET_DIM);
    expect(Math.hypot(...e.subarray(0, MOBILEFACENET_DIM))).toBeCloseTo(1, 5);
    const counts = onnxOpCounts(onnxBytes);
    expect(counts['Conv']).toBe(52);
    expect(counts['PRelu']).toBe(17); // 33 decomposed PReLUs, 16 of them after a fused Relu (identity)
    expect(counts['Transpose']).toBe(1); // NHWC → NCHW once at the input
  });

  it('builds the same bytes every time', async () => {
    const again = await buildMobileFaceNetOnnx(sourceDir);
    expect(Buffer.from(again).equals(Buffer.from(onnxBytes))).toBe(true);
    console.log(`mobilefacenet.onnx: ${onnxBytes.length} bytes, sha256 ${createHash('sha256').update(onnxBytes).digest('hex')}`);
  });

  it('matches TensorFlow.js on face crops of the public fixtures (cosine ≥ 0.9999)', async () => {
    const crops = [
      await faceCrop(join(fixturesDir, 'astronaut.png'), { left: 155, top: 40, size: 150 }),
      await faceCrop(join(fixturesDir, 'grace_hopper_512x512.jpg'), { left: 160, top: 120, size: 230 }),
    ];
    await parity('fixtures', crops, 'wasm');
    await parity('astronaut', crops.slice(0, 1), 'cpu');
  });

  describe.skipIf(!sharedFacesDir)(`on labelled faces (${SHARED_FACES_SKIP} when absent)`, () => {
    it('matches TensorFlow.js on celeb5 photos (cosine ≥ 0.9999)', async () => {
      const paths = await labelledImages(join(sharedFacesDir!, 'celeb5'), 2);
      await parity('celeb5', await Promise.all(paths.map((p) => faceCrop(p))), 'wasm');
    });
  });
});
