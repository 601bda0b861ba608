/**
 * Choosing efSearch on the library's own faces. Recall at a fixed efSearch depends on how the embeddings are spread:
 * with 50 000 synthetic faces, ef 128 gave recall@10 0.999 when identities are well apart (centre cosine 0.7) but
 * 0.95 in a dense cone (centre cosine 0.95, the shape of unaligned crops), which needed ef 512. So a rebuild holds
 * out a sample of faces, measures recall@k against exact search at doubling efSearch, and keeps the first that
 * reaches the target; the sampled faces are then inserted like the rest.
 */

/** What the tuner needs from an index: set efSearch, and search returning L2 distances on the unit sphere. */
export interface TunableIndex {
  efSearch: number;
  search(vector: Float32Array, k: number): { distance: number }[];
}

export interface EfTuningOptions {
  /** Recall@k to reach on the held-out sample; default 0.995 (a margin over 0.99 for the sample's noise). */
  target?: number;
  /** Default 10. */
  k?: number;
  /** Largest efSearch tried; default 1024. */
  maxEf?: number;
  /** Held-out faces; default 100 (at most 5% of the faces; none below 2000 faces, where the default suffices). */
  sample?: number;
}

/** The outcome: the efSearch chosen and the recall measured at each one tried. */
export interface EfTuning {
  efSearch: number;
  recall: number;
  queries: number;
  tried: { efSearch: number; recall: number }[];
}

export const DEFAULT_TUNING_TARGET = 0.995;

/**
 * Doubles efSearch from `floor` until recall@k on `queries` reaches the target (or maxEf). `kthSimilarity[q]` is the
 * exact k-th largest inner product of query q over the indexed faces. A returned face is a hit when its similarity
 * reaches it (ties count; 1e-6 absorbs float32 rounding): distances from HNSW are exact, only the candidates are not.
 */
export function tuneEfSearch(
  index: TunableIndex,
  queries: Float32Array,
  dimensions: number,
  kthSimilarity: ArrayLike<number>,
  floor: number,
  options: EfTuningOptions = {},
): EfTuning {
  const { target = DEFAULT_TUNING_TARGET, k = 10, maxEf = 1024 } = options;
  const count = kthSimilarity.length;
  const tried: EfTuning['tried'] = [];
  for (let ef = Math.min(floor, maxEf); ; ef = Math.min(maxEf, ef * 2)) {
    index.efSearch = ef;
    let hits = 0;
    for (let q = 0; q < count; q++) {
      const kth = kthSimilarity[q]! - 1e-6;
      for (const { distance } of index.search(queries.subarray(q * dimensions, (q + 1) * dimensions), k)) {
        if (1 - (distance * distance) / 2 >= kth) hits++;
      }
    }
    const recall = count === 0 ? 1 : hits / (count * k);
    tried.push({ efSearch: ef, recall });
    if (recall >= target || ef >= maxEf) return { efSearch: ef, recall, queries: count, tried };
  }
}
