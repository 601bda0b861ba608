// efSearch is chosen by recall@10 against exact search: ≥ 0.99 with the defaults, on clustered synthetic embeddings
// (always) and on real dlib embeddings of ../shared/faces among distractors fitted to them (when present).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from '../vision/onnx-runtime.js';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { nativeModelsDir } from '../shared/paths.js';
import { SHARED_FACES_SKIP, sharedFacesDir } from '../testing/shared-faces.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { exactNeighbours, recallAtK } from './exact-knn.js';
import { DEFAULT_FACE_INDEX_PARAMS, FaceIndex } from './face-index.js';
import { newFacesOf, syntheticEmbeddings } from './synthetic-embeddings.js';

const K = 10;
const temp = makeTempDir('kindred-recall-');
afterAll(() => temp.cleanup());

/**
 * Builds an index of `base` (face id = row + 1) as a rebuild does — default parameters, efSearch tuned on held-out
 * faces unless `tune` is false — and measures recall@10 of `queries`, which the tuning never saw.
 */
async function recallOf(base: Float32Array, queries: Float32Array, dimensions: number, params = DEFAULT_FACE_INDEX_PARAMS, tune = true) {
  const count = base.length / dimensions;
  const faceIds = Array.from({ length: count }, (_, i) => i + 1);
  const index = await FaceIndex.build(temp.dir, 'recall', dimensions, { faceIds, vectors: base }, params, tune ? {} : { tune: false });
  const exact = exactNeighbours(base, queries, dimensions, K);
  const result = recallAtK(base, queries, dimensions, exact, K, (query) => index.search(query, K).map((r) => r.faceId - 1));
  return { ...result, efSearch: index.efSearch, tuning: index.efTuning };
}

/** The shape fitted from ../shared/faces (see below): identities nearly as alike as two faces of one person. */
const DENSE_CONE = { centreCosine: 0.95, withinCosine: [0.88, 0.95] as [number, number] };

describe('face index recall', () => {
  it('recall@10 ≥ 0.99 on 5000 clustered synthetic 128-d embeddings (new faces of known people as queries)', async () => {
    const set = syntheticEmbeddings({ count: 5000, seed: 11 });
    const result = await recallOf(set.vectors, newFacesOf(set, 400, 12), set.dimensions);
    expect(result.recall).toBeGreaterThanOrEqual(0.99);
    expect(result.worstHits).toBeGreaterThanOrEqual(5); // no query lost in the wrong part of the graph
    expect(result.efSearch).toBe(DEFAULT_FACE_INDEX_PARAMS.efSearch); // the default was enough here
  });

  it('recall@10 ≥ 0.99 on a dense cone shaped like real crude-crop dlib embeddings', async () => {
    const set = syntheticEmbeddings({ count: 5000, seed: 13, ...DENSE_CONE });
    const result = await recallOf(set.vectors, newFacesOf(set, 400, 14), set.dimensions);
    expect(result.recall).toBeGreaterThanOrEqual(0.99);
  });

  it('tuning raises a too-small efSearch until held-out recall is reached; without it recall falls short', async () => {
    const set = syntheticEmbeddings({ count: 5000, seed: 15, ...DENSE_CONE });
    const queries = newFacesOf(set, 400, 16);
    const low = { ...DEFAULT_FACE_INDEX_PARAMS, efSearch: 16 };
    const untuned = await recallOf(set.vectors, queries, set.dimensions, low, false);
    expect(untuned.recall).toBeLessThan(0.99);
    const tuned = await recallOf(set.vectors, queries, set.dimensions, low);
    expect(tuned.tuning!.tried.map((t) => t.efSearch).slice(0, 3)).toEqual([16, 32, 64]);
    expect(tuned.tuning!.recall).toBeGreaterThanOrEqual(0.995);
    expect(tuned.efSearch).toBeGreaterThan(16);
    expect(tuned.recall).toBeGreaterThanOrEqual(0.99);
  });

  const embedderPath = join(nativeModelsDir, 'build', 'dlib-resnet-128.onnx');
  const skip = !sharedFacesDir || !existsSync(embedderPath);
  describe.skipIf(skip)(`on real dlib embeddings (${SHARED_FACES_SKIP}, or the model is not built)`, () => {
    it('recall@10 ≥ 0.99 for mirrored real faces among real faces and 4000 distractors fitted to them', async () => {
      const real = await embedSharedFaces(embedderPath, sharedFacesDir!);
      const d = 128;
      const n = real.identities.length;
      // The embeddings are real: a mirrored photo's nearest real face is almost always the photo itself.
      const self = exactNeighbours(real.originals, real.mirrored, d, 1).filter((e, q) => e.rows[0] === q).length;
      expect(self / n).toBeGreaterThan(0.9);

      const fitted = fitToReal(real.originals, real.identities, d);
      const distractors = syntheticEmbeddings({ count: 4000, seed: 21, ...fitted }).vectors;
      const base = new Float32Array(real.originals.length + distractors.length);
      base.set(real.originals);
      base.set(distractors, real.originals.length);
      const result = await recallOf(base, real.mirrored, d);
      expect(result.recall).toBeGreaterThanOrEqual(0.99);
    });
  });
});

/**
 * Embeds every labelled image of celeb5 and bbt twice (as is and mirrored) with dlib ResNet: crude centred square
 * crops resized to the model's input, normalised as native-models/manifest.json says. No detection or alignment:
 * the recall of the index does not depend on how good the embeddings are, only on their shape.
 */
async function embedSharedFaces(modelPath: string, facesDir: string) {
  const manifest = JSON.parse(readFileSync(join(nativeModelsDir, 'manifest.json'), 'utf8')) as {
    models: { id: string; input: { name: string; width: number; height: number; layout: string; colorOrder: string; normalization: { mean: number[]; std: number[] } }; output: { name: string } }[];
  };
  const entry = manifest.models.find((m) => m.id === 'dlib-resnet-128')!;
  const { width, height, layout, colorOrder, normalization } = entry.input;
  expect([layout, colorOrder]).toEqual(['NHWC', 'RGB']);
  const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 2 });

  const images: { path: string; identity: number }[] = [];
  let identity = 0;
  for (const set of ['celeb5', 'bbt']) {
    for (const person of readdirSync(join(facesDir, set)).sort()) {
      const dir = join(facesDir, set, person);
      for (const file of readdirSync(dir).sort()) if (/\.(jpe?g|png)$/i.test(file)) images.push({ path: join(dir, file), identity });
      identity++;
    }
  }
  const pixels = width * height;
  const tensors = async (mirror: boolean): Promise<Float32Array> => {
    const out = new Float32Array(images.length * 128);
    const batch = 16;
    for (let start = 0; start < images.length; start += batch) {
      const chunk = images.slice(start, start + batch);
      const input = new Float32Array(chunk.length * pixels * 3);
      for (const [b, image] of chunk.entries()) {
        const meta = await sharp(image.path).metadata();
        const side = Math.round(Math.min(meta.width!, meta.height!) * 0.9);
        let pipeline = sharp(image.path)
          .extract({ left: Math.floor((meta.width! - side) / 2), top: Math.floor((meta.height! - side) / 2), width: side, height: side })
          .resize(width, height)
          .toColourspace('srgb');
        if (mirror) pipeline = pipeline.flop();
        const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
        for (let p = 0; p < pixels; p++) {
          for (let c = 0; c < 3; c++) {
            const value = data[p * info.channels + (info.channels >= 3 ? c : 0)]!; // grayscale → three channels
            input[(b * pixels + p) * 3 + c] = (value - normalization.mean[c]!) / normalization.std[c]!;
          }
        }
      }
      const result = await session.run({ [entry.input.name]: new ort.Tensor('float32', input, [chunk.length, height, width, 3]) });
      const embedding = result[entry.output.name]!.data as Float32Array;
      for (let b = 0; b < chunk.length; b++) {
        const v = embedding.subarray(b * 128, (b + 1) * 128);
        const norm = Math.hypot(...v);
        for (let i = 0; i < 128; i++) out[(start + b) * 128 + i] = v[i]! / norm;
      }
    }
    return out;
  };
  const originals = await tensors(false);
  const mirrored = await tensors(true);
  await session.release();
  return { originals, mirrored, identities: Int32Array.from(images, (i) => i.identity) };
}

/** The synthetic generator's parameters measured on real embeddings: shared direction, centre and within cosines. */
function fitToReal(vectors: Float32Array, identities: Int32Array, d: number) {
  const n = identities.length;
  const cosine = (a: number, b: number) => {
    let s = 0;
    for (let i = 0; i < d; i++) s += vectors[a * d + i]! * vectors[b * d + i]!;
    return s;
  };
  const mean = new Float32Array(d);
  for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) mean[i]! += vectors[r * d + i]! / n;
  const within: number[] = [];
  const between: number[] = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) (identities[a] === identities[b] ? within : between).push(cosine(a, b));
  const average = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  // Two faces of one identity: cos ≈ 1/(1+σ²); of two identities: ≈ cos(centres)·(faces' shrink towards their centre).
  const w = average(within);
  const centreCosine = Math.min(0.95, Math.max(0, average(between) / w));
  within.sort((x, y) => x - y);
  const q = (p: number) => within[Math.floor(p * (within.length - 1))]!;
  return { meanDirection: mean, centreCosine, withinCosine: [Math.min(q(0.1), 0.98), Math.min(q(0.9), 0.99)] as [number, number] };
}
