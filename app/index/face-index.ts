/**
 * One HNSW index per embedding model, over L2-normalised face embeddings, labelled by face id; a derived cache of
 * SQLite, persisted beside the database and rebuilt from it whenever the two disagree.
 *
 * Concurrency: one writer. A FaceIndex lives in one process (the one that owns the library's write connection);
 * `search` may run at any time, including while `save()` is writing, but `add`/`remove` throw while a save is in
 * flight (the native writer reads the graph from another thread) — await `save()` first. Two processes opening the
 * same library each hold their own copy; files are replaced atomically, so a reader sees an old or a new index,
 * never half of one, and the next `openFaceIndex` checks whichever it finds against SQLite.
 */
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import hnswlib, { type HierarchicalNSW } from 'hnswlib-node';
import { type EmbeddingSet } from '../db/embedding-repository.js';
import { tuneEfSearch, type EfTuning, type EfTuningOptions } from './ef-tuning.js';
import { exactNeighbours } from './exact-knn.js';
import { type IdSetFingerprint } from './face-id-fingerprint.js';
import { FaceIdStates } from './face-id-states.js';
import {
  FACE_INDEX_FORMAT,
  faceIndexPaths,
  fsyncFile,
  sha256File,
  tempPathFor,
  writeFaceIndexHeader,
  type FaceIndexHeader,
  type FaceIndexPaths,
} from './face-index-header.js';
import { shuffledOrder } from './insertion-order.js';

/** HNSW parameters. `m` and `efConstruction` shape the graph (changing them rebuilds); `efSearch` is per query. */
export interface FaceIndexParams {
  /** Links per node (2·M on the bottom layer). */
  m: number;
  /** Candidate list while inserting: graph quality against build time. */
  efConstruction: number;
  /** Candidate list while searching (at least k is used): recall against query time. */
  efSearch: number;
}

/**
 * Defaults, chosen by recall@10 against exact search (face-index-recall.test.ts, bench/hnsw-bench.ts):
 * - efSearch = 128, a floor: a rebuild raises it (doubling) until recall@10 on held-out faces of the library
 *   reaches 0.995 (ef-tuning.ts), since the right value depends on how the embeddings are spread. Real dlib
 *   embeddings of ../shared/faces (crude crops) among 4000 distractors fitted to them — a dense cone where other
 *   people sit almost as near as the same person — gave recall@10 0.974–0.981 at ef 32, 0.990–0.996 at 64 and
 *   0.998–0.999 at 128 (M 16, efConstruction 200, three seeds); well-separated identities reach 0.999 at 64.
 *   A query costs a fraction of a millisecond, next to ~20 ms to compute the embedding, so recall wins.
 * - M = 16: 652 bytes per 128-d face (512 of them the vector). M = 32 helped only at small ef (0.995 vs 0.980 at
 *   ef 32 on the real-fitted set) and was level from ef 128, for 20% more memory and a slower build.
 * - efConstruction = 100: half the build of 200 (bench, 100k clustered faces: 21 s against 41 s) for recall@10 at
 *   ef 128 of 0.9985 against 0.9995, and within 0.01 in the dense cone; tuning makes up the rest with a larger
 *   efSearch (1M faces: ef 512, recall 0.995, 1.3 ms a query). Inserting in shuffled order is what made 100
 *   enough: in face-id order it was not. Rebuild time is what a user waits for; query time hardly matters.
 */
export const DEFAULT_FACE_INDEX_PARAMS: Readonly<FaceIndexParams> = Object.freeze({ m: 16, efConstruction: 100, efSearch: 128 });

/** A neighbour: its face id and the Euclidean distance between unit embeddings (0 … 2). */
export interface FaceNeighbour {
  faceId: number;
  distance: number;
}

/** How an index came to be: built by the caller, loaded from its file, or rebuilt from SQLite (and why). */
export type FaceIndexOrigin = { kind: 'built' } | { kind: 'loaded' } | { kind: 'rebuilt'; reason: string };

/** Long builds report progress and can be cancelled. */
export interface BuildOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** An index file that cannot be used as it is; the message says why (logged when rebuilding). */
export class StaleIndexError extends Error {
  override name = 'StaleIndexError';
}

/** hnswlib's level generator seed: fixed, so the same faces in the same order give the same graph. */
const LEVEL_SEED = 100;
/** Below this many faces the default efSearch already finds (nearly) everything; tuning is skipped. */
const MIN_TUNING_FACES = 2000;
/** Faces inserted between progress reports, abort checks and yields to the event loop. */
const BUILD_BATCH = 1024;

const capacityFor = (count: number): number => Math.max(1024, Math.ceil(count * 1.1));

export class FaceIndex {
  private readonly point: number[];
  private saving = false;
  private changed = false;
  private ef: number;
  private readonly graph: { m: number; efConstruction: number };
  /** How efSearch was chosen, when this index was built with tuning. */
  efTuning: EfTuning | null = null;
  /** The recipe of the vectors it holds (see the header's), null when unknown. */
  recipe: string | null = null;

  private constructor(
    readonly modelId: string,
    readonly dimensions: number,
    params: Readonly<FaceIndexParams>,
    readonly paths: FaceIndexPaths,
    private readonly native: HierarchicalNSW,
    private readonly ids: FaceIdStates,
    readonly origin: FaceIndexOrigin,
  ) {
    this.point = new Array<number>(dimensions).fill(0);
    this.graph = { m: params.m, efConstruction: params.efConstruction };
    this.ef = params.efSearch;
    native.setEf(params.efSearch);
  }

  /** The parameters in force (efSearch as currently set). */
  get params(): FaceIndexParams {
    return { ...this.graph, efSearch: this.ef };
  }

  /** Candidate list size of searches (k is used when larger). Changing it needs no rebuild. */
  get efSearch(): number {
    return this.ef;
  }

  set efSearch(value: number) {
    checkParams(this.dimensions, { ...this.graph, efSearch: value });
    this.native.setEf(value);
    this.ef = value;
  }

  /**
   * Builds an index of `set` (in a seeded shuffled order: see insertion-order.ts) whose files will live in
   * `indexDir`. Unless `tune` is false, efSearch is then raised from `params.efSearch` until recall@10 on held-out
   * faces reaches the target (ef-tuning.ts); the held-out faces are inserted last. Vectors must be unit length (as
   * stored). Nothing is written until `save()`. `reason` marks it as a rebuild.
   */
  static async build(
    indexDir: string,
    modelId: string,
    dimensions: number,
    set: Pick<EmbeddingSet, 'faceIds' | 'vectors'>,
    params: Readonly<FaceIndexParams> = DEFAULT_FACE_INDEX_PARAMS,
    options: BuildOptions & { reason?: string; tune?: EfTuningOptions | false; recipe?: string | null } = {},
  ): Promise<FaceIndex> {
    checkParams(dimensions, params);
    const count = set.faceIds.length;
    if (set.vectors.length !== count * dimensions) {
      throw new RangeError(`${set.vectors.length} values for ${count} faces of ${dimensions} dimensions`);
    }
    options.signal?.throwIfAborted();
    const native = new hnswlib.HierarchicalNSW('ip', dimensions);
    native.initIndex(capacityFor(count), params.m, params.efConstruction, LEVEL_SEED);
    const origin: FaceIndexOrigin = options.reason === undefined ? { kind: 'built' } : { kind: 'rebuilt', reason: options.reason };
    const index = new FaceIndex(modelId, dimensions, params, faceIndexPaths(indexDir, modelId), native, new FaceIdStates(), origin);
    index.recipe = options.recipe ?? null;
    const order = shuffledOrder(count);
    const tune = options.tune ?? {};
    const heldOut = tune === false || count < MIN_TUNING_FACES ? 0 : Math.min(tune.sample ?? 100, Math.floor(count / 20));
    const insert = async (from: number, to: number): Promise<void> => {
      for (let j = from; j < to; j++) {
        const i = order[j]!;
        index.add(set.faceIds[i]!, set.vectors.subarray(i * dimensions, (i + 1) * dimensions));
        if ((j + 1) % BUILD_BATCH === 0) {
          options.onProgress?.(j + 1, count);
          await new Promise((resolve) => setImmediate(resolve));
          options.signal?.throwIfAborted();
        }
      }
    };
    await insert(0, count - heldOut);
    if (heldOut > 0 && tune !== false) {
      const queries = new Float32Array(heldOut * dimensions);
      for (let q = 0; q < heldOut; q++) {
        const i = order[count - heldOut + q]!;
        queries.set(set.vectors.subarray(i * dimensions, (i + 1) * dimensions), q * dimensions);
      }
      const k = tune.k ?? 10;
      const exact = exactNeighbours(set.vectors, queries, dimensions, k, order.subarray(0, count - heldOut));
      index.efTuning = tuneEfSearch(index, queries, dimensions, exact.map((e) => e.similarities[k - 1]!), params.efSearch, tune);
    }
    await insert(count - heldOut, count);
    options.onProgress?.(count, count);
    index.changed = true;
    return index;
  }

  /**
   * Loads a saved index whose header has already been checked against the database (openFaceIndex does that), and
   * checks the file against the header: element count and the fingerprint of its live face ids. Throws
   * StaleIndexError when they disagree or the native loader refuses the file.
   */
  static async load(
    paths: FaceIndexPaths,
    header: FaceIndexHeader,
    params: Readonly<FaceIndexParams> = header.params,
  ): Promise<FaceIndex> {
    checkParams(header.dimensions, params);
    const native = new hnswlib.HierarchicalNSW('ip', header.dimensions);
    try {
      await native.readIndex(paths.index);
    } catch (error) {
      throw new StaleIndexError(`index file does not load (${(error as Error).message})`);
    }
    if (native.getCurrentCount() !== header.elements) {
      throw new StaleIndexError(`index file holds ${native.getCurrentCount()} elements, header says ${header.elements}`);
    }
    const ids = new FaceIdStates();
    const deleted = new Set(header.deletedFaceIds);
    try {
      for (const id of native.getIdsList()) {
        if (deleted.has(id)) ids.markDeleted(id);
        else ids.markLive(id);
      }
    } catch (error) {
      throw new StaleIndexError(`index file holds an invalid face id (${(error as Error).message})`);
    }
    if (ids.deletedCount !== deleted.size) throw new StaleIndexError('header lists deleted faces the index file does not hold');
    const held = ids.fingerprint();
    if (held.count !== header.count || held.maxFaceId !== header.maxFaceId || held.idChecksum !== header.idChecksum) {
      throw new StaleIndexError(`index file holds other faces than its header says (${describe(held)} vs ${describe(header)})`);
    }
    const index = new FaceIndex(header.modelId, header.dimensions, params, paths, native, ids, { kind: 'loaded' });
    if (header.efTuning) index.efTuning = { ...header.efTuning, tried: [] };
    index.recipe = header.recipe;
    return index;
  }

  /** Live faces. */
  get size(): number {
    return this.ids.count;
  }

  /** Faces removed but still stored (compacted by the next rebuild). */
  get deletedCount(): number {
    return this.ids.deletedCount;
  }

  /** Changed since it was built, loaded or last saved. */
  get dirty(): boolean {
    return this.changed;
  }

  /** Count, highest id and checksum of the live faces: equal to the database's when the index is in step. */
  fingerprint(): IdSetFingerprint {
    return this.ids.fingerprint();
  }

  has(faceId: number): boolean {
    return this.ids.isLive(faceId);
  }

  /** Live face ids, ascending. */
  faceIds(): number[] {
    return this.ids.liveIds();
  }

  /** The stored (normalised) vector of a live face. */
  vector(faceId: number): Float32Array | undefined {
    return this.ids.isLive(faceId) ? Float32Array.from(this.native.getPoint(faceId)) : undefined;
  }

  /** Adds a face, or replaces its vector if present (a removed face comes back). The vector is normalised. */
  add(faceId: number, vector: Float32Array): void {
    this.assertWritable('add');
    FaceIdStates.check(faceId);
    const point = this.toPoint(vector, `face ${faceId}`);
    if (!this.ids.isKnown(faceId) && this.native.getCurrentCount() >= this.native.getMaxElements()) {
      this.native.resizeIndex(Math.max(1024, Math.ceil(this.native.getMaxElements() * 1.5)));
    }
    this.native.addPoint(point, faceId);
    this.ids.markLive(faceId);
    this.changed = true;
  }

  /** Removes a face (hnswlib's markDelete: it stays in the graph, unseen by searches). False when it was not live. */
  remove(faceId: number): boolean {
    this.assertWritable('remove');
    if (!this.ids.isLive(faceId)) return false;
    this.native.markDelete(faceId);
    this.ids.markDeleted(faceId);
    this.changed = true;
    return true;
  }

  /**
   * The `k` nearest live faces to `vector` (normalised here), nearest first, with L2 distance on the unit sphere
   * (√(2 − 2·cos)). `filter` is asked about candidates during the search: a restrictive one may return fewer than k.
   */
  search(vector: Float32Array, k: number, filter?: (faceId: number) => boolean): FaceNeighbour[] {
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, got ${k}`);
    const n = Math.min(k, this.ids.count);
    if (n === 0) return [];
    const point = this.toPoint(vector, 'query');
    const result = filter ? this.native.searchKnn(point, n, (label) => filter(label)) : this.native.searchKnn(point, n);
    const neighbours = result.neighbors.map((faceId, i) => ({
      faceId,
      // hnswlib's 'ip' distance is 1 − u·v; rounding can make it slightly negative for a face and itself.
      distance: Math.sqrt(Math.max(0, 2 * result.distances[i]!)),
    }));
    return neighbours.sort((a, b) => a.distance - b.distance || a.faceId - b.faceId);
  }

  /** Writes the index and then its header, each to a temp file renamed into place. */
  async save(): Promise<void> {
    if (this.saving) throw new Error(`face index ${this.modelId}: a save is already in progress`);
    this.saving = true;
    try {
      await mkdir(dirname(this.paths.index), { recursive: true });
      const temp = tempPathFor(this.paths.index);
      let indexBytes: number;
      let indexSha256: string;
      try {
        await this.native.writeIndex(temp);
        await fsyncFile(temp);
        indexBytes = (await stat(temp)).size;
        indexSha256 = await sha256File(temp);
        await rename(temp, this.paths.index);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      // A crash between the two renames leaves a new index beside an old header: the size check catches it.
      await writeFaceIndexHeader(this.paths.header, this.header(indexBytes, indexSha256));
      this.changed = false;
    } finally {
      this.saving = false;
    }
  }

  /** What the header written by `save()` says about this index. */
  header(indexBytes: number, indexSha256: string): FaceIndexHeader {
    return {
      format: FACE_INDEX_FORMAT,
      modelId: this.modelId,
      dimensions: this.dimensions,
      recipe: this.recipe,
      space: 'ip',
      ...this.ids.fingerprint(),
      elements: this.native.getCurrentCount(),
      capacity: this.native.getMaxElements(),
      deletedFaceIds: this.ids.deletedIds(),
      params: this.params,
      efTuning: this.efTuning && { efSearch: this.efTuning.efSearch, recall: this.efTuning.recall, queries: this.efTuning.queries },
      indexBytes,
      indexSha256,
      savedAt: new Date().toISOString(),
    };
  }

  private assertWritable(operation: string): void {
    if (this.saving) throw new Error(`face index ${this.modelId}: cannot ${operation} while a save is in progress`);
  }

  /** The vector as hnswlib wants it (a plain array), normalised; reuses one buffer (hnswlib copies it). */
  private toPoint(vector: Float32Array, what: string): number[] {
    if (vector.length !== this.dimensions) throw new RangeError(`${what}: ${vector.length} values, expected ${this.dimensions}`);
    let sum = 0;
    for (let i = 0; i < vector.length; i++) sum += vector[i]! * vector[i]!;
    const norm = Math.sqrt(sum);
    if (!(norm > 0) || !Number.isFinite(norm)) throw new RangeError(`${what}: vector has no direction (norm ${norm})`);
    for (let i = 0; i < vector.length; i++) this.point[i] = vector[i]! / norm;
    return this.point;
  }
}

function checkParams(dimensions: number, params: Readonly<FaceIndexParams>): void {
  if (!Number.isInteger(dimensions) || dimensions < 1) throw new RangeError(`dimensions must be a positive integer, got ${dimensions}`);
  const { m, efConstruction, efSearch } = params;
  if (!Number.isInteger(m) || m < 2 || m > 256) throw new RangeError(`M must be an integer in [2, 256], got ${m}`);
  if (!Number.isInteger(efConstruction) || efConstruction < 1) throw new RangeError(`efConstruction must be ≥ 1, got ${efConstruction}`);
  if (!Number.isInteger(efSearch) || efSearch < 1) throw new RangeError(`efSearch must be ≥ 1, got ${efSearch}`);
}

/** "N faces (highest id X)": how fingerprints appear in log lines. */
export function describe(fingerprint: IdSetFingerprint): string {
  return `${fingerprint.count} faces (highest id ${fingerprint.maxFaceId})`;
}
