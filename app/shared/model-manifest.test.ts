import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  defaultEmbedder,
  defaultEmbedderChoice,
  defaultManifestPath,
  describeEmbedderChoices,
  embedderChoices,
  findDetector,
  findEmbedder,
  findModel,
  loadManifest,
  parseManifest,
  type ModelManifest,
} from './model-manifest.js';

const raw = (): ModelManifest => JSON.parse(readFileSync(defaultManifestPath, 'utf8')) as ModelManifest;

describe('model manifest', () => {
  it('loads native-models/manifest.json with two detectors, two embedders and a landmark net', () => {
    const m = loadManifest();
    expect(m.models.map((x) => `${x.role}:${x.id}`)).toEqual([
      'detector:blazeface-front-128',
      'detector:blazeface-back-256',
      'embedder:dlib-resnet-128',
      'embedder:mobilefacenet-192',
      'landmarks:face-landmark-68',
    ]);
    expect(findModel(m, 'landmarks-68').id).toBe('face-landmark-68');
    expect(findModel(m, 'accurate').id).toBe('dlib-resnet-128');
    expect(findModel(m, 'fast').id).toBe('mobilefacenet-192');
    expect(m.defaults.embedder).toBe('dlib-resnet-128');
  });

  it('describes each detector with anchors whose count matches the output tensors (896 boxes)', () => {
    for (const d of loadManifest().models) {
      if (d.role !== 'detector') continue;
      // Layers sharing a stride stack their anchors: 2 per layer (aspect 1 + interpolated scale).
      const perStride = new Map<number, number>();
      for (const s of d.anchors.strides) perStride.set(s, (perStride.get(s) ?? 0) + 2);
      let count = 0;
      for (const [stride, n] of perStride) count += Math.ceil(d.anchors.inputWidth / stride) ** 2 * n;
      expect(count).toBe(d.output.size);
      expect(d.decode.xScale).toBe(d.input.width);
    }
  });

  it('puts the subject\'s right eye on the image left in every alignment template', () => {
    for (const e of loadManifest().models) {
      if (e.role !== 'embedder') continue;
      const { rightEye, leftEye, noseTip, mouthCenter } = e.alignment.points;
      expect(rightEye[0]).toBeLessThan(leftEye[0]);
      expect(noseTip[1]).toBeGreaterThan(rightEye[1]);
      expect(mouthCenter[1]).toBeGreaterThan(noseTip[1]);
      expect(e.embeddingSize).toBe(e.output.size);
    }
  });

  it('rejects a manifest with a bad hash, a path without hash, a duplicate id and a wrong default', () => {
    const m = raw();
    m.models[0]!.sha256 = 'abc';
    m.models[1]!.source.paths.push('extra.onnx');
    m.models[3]!.id = m.models[2]!.id;
    m.defaults.detector = 'dlib-resnet-128';
    let message = '';
    try {
      parseManifest(m);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/models\.0\.sha256/);
    expect(message).toMatch(/hash for every path/);
    expect(message).toMatch(/duplicate model id or alias "dlib-resnet-128"/);
    expect(message).toMatch(/defaults\.detector/);
  });

  it('names the known models when an id is unknown', () => {
    expect(() => findModel(loadManifest(), 'nope')).toThrow(/known: blazeface-front-128 \(front\)/);
  });

  it('offers the embedders as choices by alias, in manifest order, with the default from the manifest', () => {
    const m = loadManifest();
    expect(embedderChoices(m)).toEqual([
      { value: 'accurate', id: 'dlib-resnet-128', embeddingSize: 128, unusable: null },
      { value: 'fast', id: 'mobilefacenet-192', embeddingSize: 192, unusable: expect.stringMatching(/nearly the same embedding/) },
    ]);
    expect(defaultEmbedder(m).id).toBe('dlib-resnet-128');
    expect(defaultEmbedderChoice(m)).toBe('accurate');
    expect(describeEmbedderChoices(m)).toBe('accurate or fast');
    m.defaults.embedder = 'mobilefacenet-192';
    expect(describeEmbedderChoices(m)).toBe('fast or accurate');
  });

  it('finds a model of the asked role only', () => {
    const m = loadManifest();
    expect(findEmbedder(m, 'fast').id).toBe('mobilefacenet-192');
    expect(findDetector(m, 'back').id).toBe('blazeface-back-256');
    expect(() => findEmbedder(m, 'front')).toThrow(/front is not an embedding model/);
    expect(() => findDetector(m, 'accurate')).toThrow(/accurate is not a face detector/);
  });
});
