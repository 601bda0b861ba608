/**
 * Exact k-nearest-neighbour search by brute force over unit vectors (largest inner product = smallest L2), and
 * recall@k of an approximate search against it: the ground truth for choosing HNSW parameters. Plain JS on purpose,
 * so the truth does not come from the library being measured.
 */

/** The exact k nearest rows of one query, nearest first. */
export interface ExactNeighbours {
  rows: Int32Array;
  /** Inner products, descending. */
  similarities: Float64Array;
}

/**
 * Exact top-k for many queries in one pass over `base` (rows outer, queries inner: each base row is read once while
 * the queries stay in cache — what makes a million rows × a few hundred queries take seconds, not minutes).
 * `rows` limits the search to those base rows (default: all).
 */
export function exactNeighbours(
  base: Float32Array,
  queries: Float32Array,
  dimensions: number,
  k: number,
  rows?: ArrayLike<number>,
): ExactNeighbours[] {
  const rowCount = rows ? rows.length : Math.floor(base.length / dimensions);
  const queryCount = Math.floor(queries.length / dimensions);
  const kk = Math.min(k, rowCount);
  const results: ExactNeighbours[] = Array.from({ length: queryCount }, () => ({
    rows: new Int32Array(kk).fill(-1),
    similarities: new Float64Array(kk).fill(-Infinity),
  }));
  if (kk === 0) return results;
  for (let n = 0; n < rowCount; n++) {
    const r = rows ? rows[n]! : n;
    const offset = r * dimensions;
    for (let q = 0; q < queryCount; q++) {
      const qOffset = q * dimensions;
      let s = 0;
      for (let i = 0; i < dimensions; i++) s += base[offset + i]! * queries[qOffset + i]!;
      const result = results[q]!;
      if (s <= result.similarities[kk - 1]!) continue;
      // Insertion into the short sorted list (k is small).
      let j = kk - 1;
      while (j > 0 && result.similarities[j - 1]! < s) {
        result.similarities[j] = result.similarities[j - 1]!;
        result.rows[j] = result.rows[j - 1]!;
        j--;
      }
      result.similarities[j] = s;
      result.rows[j] = r;
    }
  }
  return results;
}

/** Inner product of base row `row` with `query`. */
export function similarity(base: Float32Array, dimensions: number, row: number, query: Float32Array, queryOffset = 0): number {
  let s = 0;
  const offset = row * dimensions;
  for (let i = 0; i < dimensions; i++) s += base[offset + i]! * query[queryOffset + i]!;
  return s;
}

/** Recall@k over a set of queries. */
export interface RecallResult {
  recall: number;
  queries: number;
  /** Queries that found fewer than k of their true neighbours. */
  imperfectQueries: number;
  /** Hits of the worst query (k = all found). */
  worstHits: number;
}

/**
 * Recall@k of `approximate` (which returns base rows for query number q) against `exact`. Ties count: a returned row
 * is a hit when its true similarity reaches the k-th exact similarity (less 1e-6 for float32 rounding), the
 * ann-benchmarks convention, so equally near neighbours are not held against the index.
 */
export function recallAtK(
  base: Float32Array,
  queries: Float32Array,
  dimensions: number,
  exact: ExactNeighbours[],
  k: number,
  approximate: (query: Float32Array, q: number) => number[],
): RecallResult {
  let hits = 0;
  let wanted = 0;
  let imperfectQueries = 0;
  let worstHits = Infinity;
  exact.forEach((truth, q) => {
    const query = queries.subarray(q * dimensions, (q + 1) * dimensions);
    const kk = Math.min(k, truth.rows.length);
    const kth = truth.similarities[kk - 1]! - 1e-6;
    const seen = new Set<number>();
    let found = 0;
    for (const row of approximate(query, q).slice(0, kk)) {
      if (seen.has(row)) continue;
      seen.add(row);
      if (similarity(base, dimensions, row, query) >= kth) found++;
    }
    hits += found;
    wanted += kk;
    if (found < kk) imperfectQueries++;
    worstHits = Math.min(worstHits, found);
  });
  return { recall: wanted === 0 ? 1 : hits / wanted, queries: exact.length, imperfectQueries, worstHits: Number.isFinite(worstHits) ? worstHits : k };
}
