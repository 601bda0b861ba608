import type { AnalysedFace, KnownFace } from './face-analyzer.js';
import type { ExecutionProviderSetting } from './execution-provider.js';
import type { StageTotals } from '../shared/stage-timings.js';

/** How each face worker sets itself up. */
export interface FaceWorkerConfig {
  /** Embedder id or alias; default: the manifest's default embedder. */
  embedder?: string;
  executionProvider: ExecutionProviderSetting;
  /** ONNX Runtime threads per session in each worker (workers × threads ≈ cores). */
  intraOpNumThreads: number;
  manifestPath?: string;
}

/** A job for a face worker. The photo is a path (read in the worker) or the file's bytes. */
export type FaceTask =
  | { kind: 'analyse'; input: string | Uint8Array; minScore?: number }
  | { kind: 'embed-known'; input: string | Uint8Array; faces: KnownFace[] }
  | { kind: 'embed-whole'; input: string | Uint8Array };

/** A face worker's answer. */
export type FaceTaskResult =
  | { kind: 'analyse'; modelId: string; width: number; height: number; faces: AnalysedFace[]; detectorRuns: number; timings: StageTotals }
  | { kind: 'embeddings'; modelId: string; embeddings: Float32Array[] };

/**
 * The code a face task's error carries when the photo itself cannot be decoded (a corrupt or truncated file): the one
 * failure that analysing again will not fix. Reading errors keep their system code ('EIO', 'ETIMEDOUT', ...).
 */
export const PHOTO_UNDECODABLE = 'PHOTO_UNDECODABLE';
