import { writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { embeddingRecipe } from '../shared/embedding-recipe.js';
import { findEmbedder, loadManifest, parseManifest, type ModelManifest } from '../shared/model-manifest.js';
import { nativeModelsDir } from '../shared/paths.js';

/**
 * The installed manifest as it was before issue 15 for the accurate model: the same weights under the same id, but
 * cropped from the detector's keypoints (no dlib face chip) and without flip averaging. Written to `dir` (model files
 * pointed at the installation's) so a worker pool can embed with it: a library scanned by "an older Kindred".
 */
export function writeOlderRecipeManifest(dir: string): { path: string; manifest: ModelManifest; recipe: string } {
  const manifest = structuredClone(loadManifest());
  for (const model of manifest.models) if (!isAbsolute(model.file)) model.file = join(nativeModelsDir, model.file);
  const accurate = findEmbedder(manifest, 'dlib-resnet-128');
  delete accurate.faceChip;
  delete accurate.flipAverage;
  const path = join(dir, 'older-manifest.json');
  writeFileSync(path, JSON.stringify(manifest, null, 2));
  const parsed = parseManifest(manifest);
  return { path, manifest: parsed, recipe: embeddingRecipe(parsed, findEmbedder(parsed, 'dlib-resnet-128')) };
}
