import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Library } from '../db/library.js';
import { embedImages } from './embed-images.js';
import type { FaceAnalysisPool } from '../vision/face-analysis-pool.js';
import type { LabeledFaceSet } from '../training/labeled-face-set.js';

const IMAGE = /\.(jpe?g|png|webp|tiff?|gif|avif)$/i;

/**
 * Faces from "album = person" folders, embedded through the real pipeline (largest face of each photo). A folder
 * whose subfolders hold images is a set of albums, one person per subfolder; otherwise the folder is one person.
 */
export async function albumTrainingData(albums: readonly string[], pool: FaceAnalysisPool): Promise<LabeledFaceSet> {
  const byPerson = new Map<string, string[]>();
  for (const album of albums) {
    const entries = readdirSync(album).sort();
    const subfolders = entries.filter((e) => statSync(join(album, e)).isDirectory());
    const groups = subfolders.length > 0 ? subfolders.map((s) => join(album, s)) : [album];
    for (const folder of groups) {
      const images = readdirSync(folder).filter((f) => IMAGE.test(f)).sort().map((f) => join(folder, f));
      byPerson.set(basename(folder), [...(byPerson.get(basename(folder)) ?? []), ...images]);
    }
  }
  const all = [...byPerson.values()].flat();
  const embedded = await embedImages('', all, pool); // absolute paths, so no common root is needed
  const set: LabeledFaceSet = { embeddings: [], labels: [], people: [...byPerson.keys()] };
  set.people.forEach((person, label) => {
    for (const path of byPerson.get(person)!) {
      set.embeddings.push(embedded.get(path)!.embedding);
      set.labels.push(label);
    }
  });
  return set;
}

/** Faces the user confirmed as named people in the library (the training set Kindred builds by itself). */
export function libraryTrainingData(library: Pick<Library, 'embeddings'>, modelId: string): LabeledFaceSet {
  const rows = library.embeddings.ofConfirmedNamedFaces(modelId);
  const set: LabeledFaceSet = { embeddings: [], labels: [], people: [] };
  const index = new Map<string, number>();
  for (const r of rows) {
    if (!index.has(r.name)) {
      index.set(r.name, set.people.length);
      set.people.push(r.name);
    }
    set.embeddings.push(r.vector);
    set.labels.push(index.get(r.name)!);
  }
  return set;
}
