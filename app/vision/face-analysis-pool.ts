// First: the workers load ONNX Runtime and inherit this thread's environment, so telemetry goes off here.
import './onnx-telemetry-off.js';
import { availableParallelism } from 'node:os';
import { WorkerPool, type RunOptions } from '../workers/worker-pool.js';
import type { AnalysedFace, KnownFace } from './face-analyzer.js';
import type { FaceTask, FaceTaskResult, FaceWorkerConfig } from './face-worker-protocol.js';
import type { ExecutionProviderSetting } from './execution-provider.js';
import type { StageTotals } from '../shared/stage-timings.js';

/** The worker module next to this file (.ts from sources, .js once compiled). */
const WORKER_URL = new URL(`./face-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

export interface FaceAnalysisPoolOptions {
  /** Embedder id or alias; default: the manifest's default embedder. */
  embedder?: string;
  executionProvider?: ExecutionProviderSetting;
  /** Worker threads; default one per core. */
  workers?: number;
  /** The detector's score threshold for whole photos (the user's setting); default: the detector's own. */
  minScore?: number;
  /**
   * How long one photo may take without an answer before its worker is recycled and the photo fails as timed out
   * (default 2 minutes: far beyond a huge photo on a slow CPU).
   */
  taskTimeoutMs?: number;
  /** Another manifest than the installation's (a test's variant of a model's recipe); files relative to its folder. */
  manifestPath?: string;
}

/** Per-photo options: a signal that cancels the photo's task (a stuck one costs its worker, never the wait). */
export interface FaceTaskOptions {
  signal?: AbortSignal;
}

/**
 * Face analysis off the calling thread: a pool of workers, each owning its ONNX Runtime sessions. The main thread
 * (Electron's, the CLI's) only routes files and results.
 */
export class FaceAnalysisPool {
  private readonly pool: WorkerPool<FaceTask, FaceTaskResult>;
  private readonly minScore: number | undefined;

  constructor(options: FaceAnalysisPoolOptions = {}) {
    this.minScore = options.minScore;
    const cores = availableParallelism();
    const workers = Math.max(1, options.workers ?? cores);
    const config: FaceWorkerConfig = {
      ...(options.embedder === undefined ? {} : { embedder: options.embedder }),
      executionProvider: options.executionProvider ?? 'auto',
      intraOpNumThreads: Math.max(1, Math.floor(cores / workers)),
      ...(options.manifestPath === undefined ? {} : { manifestPath: options.manifestPath }),
    };
    this.pool = new WorkerPool(WORKER_URL, workers, config, { taskTimeoutMs: options.taskTimeoutMs ?? 2 * 60_000 });
  }

  get size(): number {
    return this.pool.size;
  }

  /** Worker threads started so far (replacements included). */
  get startedThreads(): number {
    return this.pool.startedThreads;
  }

  /** Worker threads not yet exited. */
  get liveThreads(): number {
    return this.pool.liveThreads;
  }

  /**
   * Detects, aligns and embeds every face of a photo; `minScore` overrides the detector's score thresholds. `timings`:
   * the worker's milliseconds per stage (decode, detection, alignment, embedding).
   */
  async analyse(
    input: string | Uint8Array,
    options: FaceTaskOptions & { minScore?: number | undefined } = {},
  ): Promise<{ modelId: string; width: number; height: number; faces: AnalysedFace[]; detectorRuns: number; timings: StageTotals }> {
    const minScore = options.minScore ?? this.minScore;
    const result = await this.pool.run(minScore === undefined ? { kind: 'analyse', input } : { kind: 'analyse', input, minScore }, runOptions(options));
    if (result.kind !== 'analyse') throw new Error('face worker answered the wrong task');
    return result;
  }

  /** Embeds faces whose landmarks are already known (in displayed-photo pixels). */
  async embedKnown(input: string | Uint8Array, faces: KnownFace[], options: FaceTaskOptions = {}): Promise<Float32Array[]> {
    const result = await this.pool.run({ kind: 'embed-known', input, faces }, runOptions(options));
    if (result.kind !== 'embeddings') throw new Error('face worker answered the wrong task');
    return result.embeddings;
  }

  /** Embeds an image as one tight face crop (used when no face is detected in evaluation crops). */
  async embedWholeImage(input: string | Uint8Array, options: FaceTaskOptions = {}): Promise<Float32Array> {
    const result = await this.pool.run({ kind: 'embed-whole', input }, runOptions(options));
    if (result.kind !== 'embeddings') throw new Error('face worker answered the wrong task');
    return result.embeddings[0]!;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

const runOptions = (options: FaceTaskOptions): RunOptions => (options.signal ? { signal: options.signal } : {});
