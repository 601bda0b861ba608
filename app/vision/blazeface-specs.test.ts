import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../shared/model-manifest.js';
import { fixturesDir, projectRoot } from '../testing/shared-faces.js';
import { blazeFaceSpec, faceDetectorEntries, loadFaceDetectorModels } from './blazeface-specs.js';
import { detectFaces } from './face-detector.js';
import { ModelRegistry } from './model-registry.js';
import { decodeRgbImage } from './rgb-image.js';

const manifestPath = join(projectRoot, 'native-models', 'manifest.json');
const built = ['blazeface-front-128.onnx', 'blazeface-back-256.onnx'].every((f) => existsSync(join(projectRoot, 'native-models', 'build', f)));

describe('BlazeFace specs', () => {
  it('come from the manifest entries of the detector pair (front 128 px, back 256 px)', () => {
    const { front, back } = faceDetectorEntries(loadManifest(manifestPath));
    expect([front.input.width, back.input.width]).toEqual([128, 256]);
    expect(blazeFaceSpec(front)).toEqual({
      normalization: { mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] },
      anchors: front.anchors, decode: front.decode, outputs: front.outputs, nmsIouThreshold: 0.3 });
  });

  it.skipIf(!built)('load from the model registry and find Grace Hopper (skipped until `npm run models`)', async () => {
    const registry = new ModelRegistry({ manifestPath, executionProvider: 'cpu', intraOpNumThreads: 1 });
    try {
      const models = await loadFaceDetectorModels(registry);
      const { faces } = await detectFaces(await decodeRgbImage(join(fixturesDir, 'grace_hopper_512x512.jpg')), models);
      expect(faces).toHaveLength(1);
    } finally {
      await registry.dispose();
    }
  });
});
