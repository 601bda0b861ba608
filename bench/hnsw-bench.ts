// HNSW face index on synthetic clustered 128-d embeddings: build time, query latency, recall@10 against exact search,
// memory, and opening the saved index against rebuilding it from SQLite (the ratio that justifies keeping the file).
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { EmbeddingRepository, vectorToBlob } from '../app/db/embedding-repository.js';
import { openDatabase } from '../app/db/open-database.js';
import { exactNeighbours, recallAtK } from '../app/index/exact-knn.js';
import { DEFAULT_FACE_INDEX_PARAMS, FaceIndex, type FaceIndexParams } from '../app/index/face-index.js';
import { faceIndexPaths } from '../app/index/face-index-header.js';
import { sqliteFaceIndexSource } from '../app/index/face-index-source.js';
import { openFaceIndex } from '../app/index/open-face-index.js';
import { newFacesOf, syntheticEmbeddings, type SyntheticEmbeddingOptions } from '../app/index/synthetic-embeddings.js';

export interface HnswBenchOptions {
  /** Timed queries per size (k = 10, at the tuned efSearch); default 1000. */
  queries?: number;
  /** Queries whose recall is measured against exact brute-force search; default 200. */
  recallQueries?: number;
  /** efSearch values whose recall is also reported; default [16, 32, 64, 128, 256]. */
  efSweep?: number[];
  /** Shape of the synthetic data (default: the generator's separated identities). */
  distribution?: Omit<SyntheticEmbeddingOptions, 'count' | 'dimensions' | 'seed'>;
  /** Measure a real end-to-end rebuild (openFaceIndex with no index file) up to this size; above it the rebuild
   *  time is SQLite read + the measured build, the same two steps. Default 250 000. */
  fullRebuildUpTo?: number;
  params?: FaceIndexParams;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
}

export interface HnswBenchSize {
  size: number;
  dimensions: number;
  params: FaceIndexParams;
  generateSeconds: number;
  sqliteInsertSeconds: number;
  buildSeconds: number;
  /** CPU time of the build (user + system): wall time above it is time lost to other processes. */
  buildCpuSeconds: number;
  buildFacesPerSecond: number;
  /** efSearch chosen by the build's tuning (ef-tuning.ts) and the recall it measured on held-out faces. */
  efSearch: number;
  tuningRecall: number | null;
  queryP50Ms: number;
  queryP99Ms: number;
  queries: number;
  recallAt10: number;
  recallQueries: number;
  /** Recall queries that found fewer than 10 of their true neighbours. */
  imperfectQueries: number;
  recallByEf: Record<string, number>;
  /** RSS growth while building (the index; vectors already in memory). */
  buildRssDeltaMiB: number;
  indexFileMiB: number;
  saveSeconds: number;
  /** The SQL fingerprint of the model's face ids (part of every open). */
  fingerprintSeconds: number;
  /** openFaceIndex on a consistent library: checks + native load. */
  loadSeconds: number;
  loadRssDeltaMiB: number;
  /** SQLite read of every embedding (the first step of a rebuild). */
  readAllSeconds: number;
  rebuildSeconds: number;
  rebuildMeasured: boolean;
  rebuildOverLoad: number;
}

export interface HnswBenchResult {
  cpus: number;
  totalMemoryGiB: number;
  sizes: HnswBenchSize[];
}

const MODEL = 'bench-embedder-128';
const DIMS = 128;
const MiB = 1024 * 1024;

const seconds = (start: number): number => (performance.now() - start) / 1000;
const rss = (): number => process.memoryUsage.rss();
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

/**
 * For each size: synthetic clustered embeddings (interleaved identities), stored in a fresh SQLite library; the index
 * built as a rebuild builds it (shuffled insertion, efSearch tuned), timed queries, recall@10 against exact search,
 * save, then openFaceIndex loading it against a rebuild from SQLite. Sizes run one after another in this process.
 */
export async function runHnswBench(sizes: number[] = [100_000, 1_000_000], options: HnswBenchOptions = {}): Promise<HnswBenchResult> {
  const results: HnswBenchSize[] = [];
  for (const size of sizes) results.push(await benchSize(size, options));
  return { cpus: cpus().length, totalMemoryGiB: totalmem() / 1024 ** 3, sizes: results };
}

async function benchSize(size: number, options: HnswBenchOptions): Promise<HnswBenchSize> {
  const { queries: queryCount = 1000, recallQueries = 200, efSweep = [16, 32, 64, 128, 256], fullRebuildUpTo = 250_000 } = options;
  const params = options.params ?? DEFAULT_FACE_INDEX_PARAMS;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dir = join(tmpdir(), `kindred-hnsw-bench-${process.pid}-${size}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const indexDir = join(dir, 'index');
  const db = openDatabase(join(dir, 'kindred.db'));
  try {
    let start = performance.now();
    const set = syntheticEmbeddings({ count: size, dimensions: DIMS, seed: 1, ...options.distribution });
    const generateSeconds = seconds(start);
    const faceIds = Array.from({ length: size }, (_, i) => i + 1);

    start = performance.now();
    fillLibrary(db, set.vectors, size);
    const sqliteInsertSeconds = seconds(start);
    log(`hnsw ${size}: generated in ${generateSeconds.toFixed(1)} s, stored in SQLite in ${sqliteInsertSeconds.toFixed(1)} s; building…`);

    const rssBefore = rss();
    const cpuBefore = process.cpuUsage();
    start = performance.now();
    let lastReport = 0;
    const built = await FaceIndex.build(indexDir, MODEL, DIMS, { faceIds, vectors: set.vectors }, params, {
      onProgress: (done, total) => {
        if (done - lastReport >= total / 10 || done === total) {
          lastReport = done;
          log(`hnsw ${size}: built ${done}/${total} (${seconds(start).toFixed(0)} s)`);
        }
      },
    });
    const buildSeconds = seconds(start);
    const cpu = process.cpuUsage(cpuBefore);
    const buildCpuSeconds = (cpu.user + cpu.system) / 1e6;
    const efSearch = built.efSearch;
    log(`hnsw ${size}: built in ${buildSeconds.toFixed(1)} s (${buildCpuSeconds.toFixed(1)} s CPU), efSearch ${efSearch}`);
    const buildRssDeltaMiB = (rss() - rssBefore) / MiB;

    // Latency: fresh faces of known identities, k = 10, one at a time as recognition asks.
    const queries = newFacesOf(set, Math.max(queryCount, recallQueries), 2);
    const times: number[] = [];
    for (let q = 0; q < queryCount; q++) {
      const t = performance.now();
      built.search(queries.subarray(q * DIMS, (q + 1) * DIMS), 10);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);

    log(`hnsw ${size}: exact search for ${recallQueries} queries…`);
    const recallSet = queries.subarray(0, recallQueries * DIMS);
    const exact = exactNeighbours(set.vectors, recallSet, DIMS, 10);
    const recallAt = (ef: number) => {
      built.efSearch = ef;
      return recallAtK(set.vectors, recallSet, DIMS, exact, 10, (query) => built.search(query, 10).map((r) => r.faceId - 1));
    };
    const recallByEf: Record<string, number> = {};
    for (const ef of efSweep) recallByEf[ef] = recallAt(ef).recall;
    const atDefault = recallAt(efSearch); // leaves the tuned efSearch in place for the save

    start = performance.now();
    await built.save();
    const saveSeconds = seconds(start);
    const indexFileMiB = statSync(faceIndexPaths(indexDir, MODEL).index).size / MiB;

    const source = sqliteFaceIndexSource(new EmbeddingRepository(db));
    start = performance.now();
    source.fingerprint(MODEL);
    const fingerprintSeconds = seconds(start);

    const logs: string[] = [];
    const rssBeforeLoad = rss();
    start = performance.now();
    const loaded = await openFaceIndex(source, indexDir, MODEL, DIMS, { params, log: (m) => logs.push(m) });
    const loadSeconds = seconds(start);
    const loadRssDeltaMiB = (rss() - rssBeforeLoad) / MiB;
    if (loaded.origin.kind !== 'loaded') throw new Error(`the saved index was not loaded: ${logs.join('; ')}`);

    start = performance.now();
    source.all(MODEL, DIMS);
    const readAllSeconds = seconds(start);

    let rebuildSeconds = readAllSeconds + buildSeconds;
    const rebuildMeasured = size <= fullRebuildUpTo;
    if (rebuildMeasured) {
      rmSync(faceIndexPaths(indexDir, MODEL).header);
      log(`hnsw ${size}: rebuilding from SQLite…`);
      start = performance.now();
      const rebuilt = await openFaceIndex(source, indexDir, MODEL, DIMS, { params, log: () => {} });
      rebuildSeconds = seconds(start);
      if (rebuilt.origin.kind !== 'rebuilt') throw new Error('expected a rebuild');
    }

    const result: HnswBenchSize = {
      size,
      dimensions: DIMS,
      params,
      generateSeconds,
      sqliteInsertSeconds,
      buildSeconds,
      buildCpuSeconds,
      buildFacesPerSecond: size / buildSeconds,
      efSearch,
      tuningRecall: built.efTuning?.recall ?? null,
      queryP50Ms: percentile(times, 0.5),
      queryP99Ms: percentile(times, 0.99),
      queries: queryCount,
      recallAt10: atDefault.recall,
      recallQueries,
      imperfectQueries: atDefault.imperfectQueries,
      recallByEf,
      buildRssDeltaMiB,
      indexFileMiB,
      saveSeconds,
      fingerprintSeconds,
      loadSeconds,
      loadRssDeltaMiB,
      readAllSeconds,
      rebuildSeconds,
      rebuildMeasured,
      rebuildOverLoad: rebuildSeconds / loadSeconds,
    };
    log(`hnsw ${size}: ${JSON.stringify(result)}`);
    return result;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One photo, `count` faces (ids 1…count) and their embeddings, inserted in bulk. */
function fillLibrary(db: ReturnType<typeof openDatabase>, vectors: Float32Array, count: number): void {
  db.prepare(`INSERT INTO models (id, role, sha256, embedding_size, registered_at) VALUES (?, 'embedder', '', ?, 0)`).run(MODEL, DIMS);
  db.prepare(`INSERT INTO photos (id, content_hash, format, width, height, created_at) VALUES (1, 'bench', 'jpeg', 4000, 3000, 0)`).run();
  db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO faces (id, photo_id, source, box_x, box_y, box_w, box_h, created_at) SELECT i, 1, 'detected', 0, 0, 10, 10, 0 FROM n`,
  ).run(count);
  const insert = db.prepare('INSERT INTO face_embeddings (face_id, model_id, vector) VALUES (?, ?, ?)');
  const chunk = 50_000;
  for (let from = 0; from < count; from += chunk) {
    db.transaction(() => {
      for (let i = from; i < Math.min(count, from + chunk); i++) insert.run(i + 1, MODEL, vectorToBlob(vectors.subarray(i * DIMS, (i + 1) * DIMS)));
    })();
  }
}

/** The results as lines for a terminal. */
export function formatHnswBench(result: HnswBenchResult): string {
  const f = (n: number, digits = 1) => n.toFixed(digits);
  const lines = [`hnsw: synthetic clustered 128-d faces (${result.cpus} CPUs, ${f(result.totalMemoryGiB)} GiB)`];
  for (const r of result.sizes) {
    lines.push(
      `  ${r.size} faces, M ${r.params.m}, efConstruction ${r.params.efConstruction}, efSearch ${r.efSearch} (tuned from ${r.params.efSearch})`,
      `    build          ${f(r.buildSeconds)} s (${f(r.buildCpuSeconds)} s CPU, ${f(r.buildFacesPerSecond, 0)} faces/s)`,
      `    query k=10     p50 ${f(r.queryP50Ms, 3)} ms, p99 ${f(r.queryP99Ms, 3)} ms`,
      `    recall@10      ${f(r.recallAt10, 4)} (${r.recallQueries} queries; by ef: ${Object.entries(r.recallByEf).map(([ef, v]) => `${ef} ${f(v, 4)}`).join(', ')})`,
      `    memory         build RSS +${f(r.buildRssDeltaMiB, 0)} MiB, load RSS +${f(r.loadRssDeltaMiB, 0)} MiB, file ${f(r.indexFileMiB, 0)} MiB`,
      `    open           load ${f(r.loadSeconds, 2)} s (fingerprint ${f(r.fingerprintSeconds, 2)} s) vs rebuild ${f(r.rebuildSeconds)} s${r.rebuildMeasured ? '' : ' (read + build)'}`,
      `    ratio          ${f(r.rebuildOverLoad, 0)}× (rebuild / load)`,
    );
  }
  return lines.join('\n');
}
