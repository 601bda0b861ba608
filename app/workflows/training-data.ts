import type { Database } from 'better-sqlite3';
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { blobToVector } from '../db/embedding-repository.js';
import { embedImages } from './embed-images.js';
import type { FaceAnalysisPool } from '../vision/face-analysis-pool.js';

/** Labeled embeddings of one model: person index per embedding, and the person names. */
export interface LabeledFaceSet {
  embeddings: Float32Array[];
  labels: number[];
  people: string[];
}

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
export function libraryTrainingData(db: Database, modelId: string): LabeledFaceSet {
  const rows = db
    .prepare(
      `SELECT p.name, e.vector FROM faces f JOIN people p ON p.id = f.person_id
       JOIN face_embeddings e ON e.face_id = f.id AND e.model_id = ?
       WHERE f.assignment = 'confirmed' AND p.name IS NOT NULL ORDER BY p.name, f.id`,
    )
    .all(modelId) as { name: string; vector: Buffer }[];
  const set: LabeledFaceSet = { embeddings: [], labels: [], people: [] };
  const index = new Map<string, number>();
  for (const r of rows) {
    if (!index.has(r.name)) {
      index.set(r.name, set.people.length);
      set.people.push(r.name);
    }
    set.embeddings.push(blobToVector(r.vector));
    set.labels.push(index.get(r.name)!);
  }
  return set;
}

/** Joins labeled sets, people matched by name (case-insensitive). */
export function mergeLabeledSets(...sets: LabeledFaceSet[]): LabeledFaceSet {
  const out: LabeledFaceSet = { embeddings: [], labels: [], people: [] };
  const index = new Map<string, number>();
  for (const set of sets) {
    set.embeddings.forEach((e, i) => {
      const name = set.people[set.labels[i]!]!;
      const key = name.toLowerCase();
      if (!index.has(key)) {
        index.set(key, out.people.length);
        out.people.push(name);
      }
      out.embeddings.push(e);
      out.labels.push(index.get(key)!);
    });
  }
  return out;
}
