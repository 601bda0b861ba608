import { join } from 'node:path';
import { InferenceSession } from './onnx-runtime.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../testing/shared-faces.js';
import { createBlazeFaceModel } from './blazeface-model.js';
import { ensureModelBuilt } from '../../native-models/model-build.js';
import { blazeFaceSpec, faceDetectorEntries } from './blazeface-specs.js';
import { fillDetectorInput } from './detector-input.js';
import { decodeRgbImage, resizeRgbImage } from './rgb-image.js';

const detectors = faceDetectorEntries();
const BLAZEFACE_FRONT_SPEC = blazeFaceSpec(detectors.front);
const BLAZEFACE_BACK_SPEC = blazeFaceSpec(detectors.back);
const options = { logSeverityLevel: 3 as const, intraOpNumThreads: 1 };

describe('BlazeFace ONNX files through createBlazeFaceModel', () => {
  let front: InferenceSession;
  let back: InferenceSession;
  beforeAll(async () => {
    front = await InferenceSession.create(await ensureModelBuilt(detectors.front.id), options);
    back = await InferenceSession.create(await ensureModelBuilt(detectors.back.id), options);
  });

  it('has the documented input and output heads (scores 512 + 384, regressors ×16)', () => {
    for (const [session, size] of [[front, 128], [back, 256]] as const) {
      expect(session.inputNames).toEqual(['input:0']);
      expect(session.outputNames).toEqual(['Identity:0', 'Identity_1:0', 'Identity_2:0', 'Identity_3:0']);
      const input = session.inputMetadata[0];
      expect(input && 'shape' in input ? input.shape : null).toEqual([1, size, size, 3]);
    }
  });

  it('finds Grace Hopper with upright keypoints in both networks', async () => {
    const image = await decodeRgbImage(join(fixturesDir, 'grace_hopper_512x512.jpg'));
    for (const [session, spec] of [[front, BLAZEFACE_FRONT_SPEC], [back, BLAZEFACE_BACK_SPEC]] as const) {
      const model = createBlazeFaceModel(session, spec);
      const small = await resizeRgbImage(image, model.inputSize, model.inputSize);
      const faces = await model.detect(fillDetectorInput(small, 0, 0, model.inputSize, model.normalization));
      expect(faces).toHaveLength(1);
      const [face] = faces;
      const s = model.inputSize / 512;
      expect(face?.score).toBeGreaterThan(0.85);
      // Face box ≈ (160..370, 120..330) in the 512 photo.
      expect(face?.box.x).toBeGreaterThan(130 * s);
      expect(face?.box.x).toBeLessThan(190 * s);
      expect(face?.box.width).toBeGreaterThan(170 * s);
      expect(face?.box.width).toBeLessThan(240 * s);
      const lm = face!.landmarks;
      // The subject's right eye is on the image's left; eyes above nose above mouth.
      expect(lm.rightEye.x).toBeLessThan(lm.leftEye.x);
      expect(lm.noseTip.y).toBeGreaterThan(Math.max(lm.rightEye.y, lm.leftEye.y));
      expect(lm.mouthCenter.y).toBeGreaterThan(lm.noseTip.y);
      expect(lm.rightEar.x).toBeLessThan(lm.rightEye.x);
      expect(lm.leftEar.x).toBeGreaterThan(lm.leftEye.x);
    }
  });

  it('reads the heads in the order the manifest lists them', async () => {
    const outputs = { scores: ['Identity:0', 'Identity_1:0'], regressors: ['Identity_2:0', 'Identity_3:0'] };
    expect(BLAZEFACE_FRONT_SPEC.outputs).toEqual(outputs);
    const listed = createBlazeFaceModel(front, { ...BLAZEFACE_FRONT_SPEC, outputs });
    const image = await resizeRgbImage(await decodeRgbImage(join(fixturesDir, 'astronaut.png')), 128, 128);
    const input = fillDetectorInput(image, 0, 0, 128, BLAZEFACE_FRONT_SPEC.normalization);
    const sessionOrder = createBlazeFaceModel(front, { ...BLAZEFACE_FRONT_SPEC, outputs: undefined });
    expect(await listed.detect(input)).toEqual(await sessionOrder.detect(input));
    const wrong = createBlazeFaceModel(front, { ...BLAZEFACE_FRONT_SPEC, outputs: { ...outputs, scores: ['Identity:0', 'nope'] } });
    await expect(wrong.detect(input)).rejects.toThrow(/nope/);
  });

  it('finds nothing in a flat grey input', async () => {
    const model = createBlazeFaceModel(back, BLAZEFACE_BACK_SPEC);
    expect(await model.detect(new Float32Array(256 * 256 * 3))).toEqual([]);
  });

  it('rejects an input of the wrong size', async () => {
    const model = createBlazeFaceModel(front, BLAZEFACE_FRONT_SPEC);
    await expect(model.detect(new Float32Array(10))).rejects.toThrow(/expected/);
  });
});
