import { describe, expect, it } from 'vitest';
import { embeddingRecipe } from './embedding-recipe.js';
import { findEmbedder, loadManifest, type ModelManifest } from './model-manifest.js';

/** A deep copy of the installed manifest, changed by `edit` (the accurate embedder and the landmark net at hand). */
function variant(edit: (m: ModelManifest) => void): ModelManifest {
  const m = structuredClone(loadManifest());
  edit(m);
  return m;
}
const recipeOf = (m: ModelManifest, id = 'dlib-resnet-128') => embeddingRecipe(m, findEmbedder(m, id));
const accurate = (m: ModelManifest) => findEmbedder(m, 'dlib-resnet-128');
const landmarks = (m: ModelManifest) => m.models.find((x) => x.role === 'landmarks')!;

describe('embeddingRecipe', () => {
  const base = recipeOf(loadManifest());

  it('is a short stable id, one per embedder', () => {
    expect(base).toMatch(/^r2-[0-9a-f]{16}$/);
    expect(recipeOf(loadManifest())).toBe(base);
    expect(recipeOf(loadManifest(), 'mobilefacenet-192')).not.toBe(base);
  });

  it.each<[string, (m: ModelManifest) => void]>([
    ['no face chip (the crop of the detector keypoints, as before issue 15)', (m) => void delete accurate(m).faceChip],
    ['no flip averaging', (m) => void delete accurate(m).flipAverage],
    ['another chip padding', (m) => void (accurate(m).faceChip!.padding = 0.3)],
    ['another embedder file', (m) => void (accurate(m).sha256 = 'f'.repeat(64))],
    ['another landmark net file', (m) => void (landmarks(m).sha256 = 'e'.repeat(64))],
    ['another landmark window', (m) => void (landmarks(m).windowPerBox = 1.3)],
    ['another input normalisation', (m) => void (accurate(m).input.normalization.mean = [0, 0, 0])],
    ['another colour order', (m) => void (accurate(m).input.colorOrder = 'BGR')],
  ])('changes with %s', (_what, edit) => {
    expect(recipeOf(variant(edit))).not.toBe(base);
  });

  it('ignores what does not change a vector: alias, thresholds, calibration, licence, key order', () => {
    const same = variant((m) => {
      const e = accurate(m);
      e.alias = 'precise';
      e.thresholds = { verify: 0.5 };
      delete e.calibration;
      e.licence = 'other';
      e.input.normalization = { std: e.input.normalization.std, mean: e.input.normalization.mean };
    });
    expect(recipeOf(same)).toBe(base);
  });

  it('refuses a face chip whose landmark model is not in the manifest', () => {
    const broken = variant((m) => void (accurate(m).faceChip!.landmarks = 'no-such-net'));
    expect(() => recipeOf(broken)).toThrow(/faceChip names "no-such-net"/);
  });
});
