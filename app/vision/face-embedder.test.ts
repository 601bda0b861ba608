import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../testing/shared-faces.js';
import { ensureModelBuilt } from '../../native-models/model-build.js';
import { dot, normalise } from '../shared/vector-math.js';
import type { EmbedderEntry } from '../shared/model-manifest.js';
import { FaceEmbedder } from './face-embedder.js';
import { ModelRegistry } from './model-registry.js';
import { cropRgbImage, decodeRgbImage, mirrorRgbImage, resizeRgbImage, type RgbImage } from './rgb-image.js';

let plain: FaceEmbedder;
let flipped: FaceEmbedder;
let crops: RgbImage[];
beforeAll(async () => {
  await ensureModelBuilt('accurate');
  const { session, entry } = await new ModelRegistry({ executionProvider: 'cpu', intraOpNumThreads: 1 }).loadEmbedder('accurate');
  plain = new FaceEmbedder(session, { ...entry, flipAverage: false } satisfies EmbedderEntry);
  flipped = new FaceEmbedder(session, { ...entry, flipAverage: true } satisfies EmbedderEntry);
  // Rough face regions of two fixtures, at the model's input size (the property below holds for any crop).
  const astronaut = await decodeRgbImage(join(fixturesDir, 'astronaut.png'));
  const hopper = await decodeRgbImage(join(fixturesDir, 'grace_hopper_512x512.jpg'));
  crops = await Promise.all([
    resizeRgbImage(cropRgbImage(astronaut, 150, 40, 170, 170), 150, 150),
    resizeRgbImage(cropRgbImage(hopper, 140, 60, 230, 230), 150, 150),
  ]);
});

const maxAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('FaceEmbedder flip averaging', () => {
  it('is the normalised mean of the crop’s and its mirror image’s unit embeddings', async () => {
    const [averaged] = await flipped.embed([crops[0]!]);
    const [a, b] = await plain.embed([crops[0]!, mirrorRgbImage(crops[0]!)]);
    const expected = normalise(a!.map((v, i) => v + b![i]!));
    expect(maxAbsDiff(averaged!, expected)).toBeLessThan(1e-5);
    // The mirror view really differs from the crop's own (else averaging would be a no-op).
    expect(dot(a!, b!)).toBeLessThan(0.999);
  });

  it('gives a crop and its mirror image the same embedding, in one batch with other faces', async () => {
    const out = await flipped.embed([crops[0]!, crops[1]!, mirrorRgbImage(crops[0]!), mirrorRgbImage(crops[1]!)]);
    expect(maxAbsDiff(out[0]!, out[2]!)).toBeLessThan(1e-5);
    expect(maxAbsDiff(out[1]!, out[3]!)).toBeLessThan(1e-5);
    // Each face keeps its own embedding within the batch.
    expect(dot(out[0]!, out[1]!)).toBeLessThan(0.95);
    for (const v of out) expect(Math.hypot(...v)).toBeCloseTo(1, 5);
  });
});
