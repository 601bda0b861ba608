/** Labeled embeddings of one model: person index per embedding, and the person names. */
export interface LabeledFaceSet {
  embeddings: Float32Array[];
  labels: number[];
  people: string[];
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
