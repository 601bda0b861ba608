import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir, projectRoot } from '../testing/shared-faces.js';
import { BLAZEFACE_BACK_SPEC, BLAZEFACE_FRONT_SPEC, loadFaceDetectorModels } from './blazeface-specs.js';
import { detectFaces } from './face-detector.js';
import { ModelRegistry } from './model-registry.js';
import { decodeRgbImage } from './rgb-image.js';

const manifestPath = join(projectRoot, 'native-models', 'manifest.json');
const built = ['blazeface-front-128.onnx', 'blazeface-back-256.onnx'].every((f) => existsSync(join(projectRoot, 'native-models', 'build', f)));

describe('BlazeFace specs', () => {
  it('agree with the model manifest on anchors and decoding', () => {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { models: Array<{ alias: string; anchors?: unknown; decode?: Record<string, unknown> }> };
    for (const [alias, spec] of [['front', BLAZEFACE_FRONT_SPEC], ['back', BLAZEFACE_BACK_SPEC]] as const) {
      const entry = manifest.models.find((m) => m.alias === alias);
      expect(entry?.anchors).toEqual(spec.anchors);
      // The per-run score threshold may differ (MediaPipe's back graph uses 0.65); detectFaces applies its own.
      const { minScoreThresh: _a, ...decode } = spec.decode;
      const { minScoreThresh: _b, ...manifestDecode } = entry?.decode ?? {};
      expect(manifestDecode).toEqual(decode);
    }
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
