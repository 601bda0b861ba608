import { l2Distance } from '../shared/vector-math.js';
import { FaceAnalysisPool } from '../vision/face-analysis-pool.js';
import type { EmbedderEntry } from '../shared/model-manifest.js';
import type { StoredHead } from '../db/head-repository.js';
import { EmbeddingHead } from '../training/embedding-head.js';
import { embedImages, type ImageEmbedding } from './embed-images.js';
import { readPairsFiles, type LabeledPair } from '../eval/pairs-file.js';
import { evaluateVerification, type VerificationReport } from '../eval/verification-metrics.js';

/** The result of `kindred eval verify`. */
export interface PairsEvaluation {
  report: VerificationReport;
  images: number;
  /** Images where no face was detected: embedded as whole-image face crops. */
  noFaceImages: string[];
  /** Images where more than one face was found: the largest was used. */
  multiFaceImages: number;
  /** Per-pair distances, in file order (for calibration and plots). */
  distances: Float64Array;
  /** The same metrics for each pair type (the pairs file's `type` column, or each file's name), when there are types. */
  byType: Record<string, { report: VerificationReport; images: number; noFaceImages: number }>;
}

/**
 * The LFW protocol on a pairs file: every image through the real pipeline (worker pool), L2 distance per pair,
 * 10-fold accuracy, VAL at FAR, ROC AUC. `transform` maps embeddings first (a trained head, a harmonic map).
 */
export async function evaluatePairs(
  root: string,
  pairs: readonly LabeledPair[],
  pool: FaceAnalysisPool,
  options: { transform?: (v: Float32Array) => Float32Array; onProgress?: (done: number, total: number) => void } = {},
): Promise<PairsEvaluation> {
  const embedded = await embedImages(root, pairs.flatMap((p) => [p.a, p.b]), pool, options.onProgress);
  return scorePairs(pairs, embedded, options.transform);
}

/**
 * `kindred eval verify`: a pairs file's images embedded with `entry` through the same analysis a scan runs (the
 * largest face of each image), optionally through a trained head, and scored.
 */
export async function evaluatePairsFile(
  root: string,
  pairsFiles: string | readonly string[],
  entry: EmbedderEntry,
  options: { head?: StoredHead | null; onProgress?: (done: number, total: number) => void } = {},
): Promise<PairsEvaluation> {
  const pairs = readPairsFiles(typeof pairsFiles === 'string' ? [pairsFiles] : pairsFiles);
  const head = options.head ? EmbeddingHead.deserialize(options.head.head) : null;
  const pool = new FaceAnalysisPool({ embedder: entry.id });
  try {
    return await evaluatePairs(root, pairs, pool, {
      ...(head ? { transform: (v: Float32Array) => head.apply([v])[0]! } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  } finally {
    await pool.close();
  }
}

/** Distances and metrics from embeddings already computed. */
export function scorePairs(
  pairs: readonly LabeledPair[],
  embedded: ReadonlyMap<string, ImageEmbedding>,
  transform: (v: Float32Array) => Float32Array = (v) => v,
): PairsEvaluation {
  const vectors = new Map([...embedded].map(([k, e]) => [k, transform(e.embedding)]));
  const distances = Float64Array.from(pairs, (p) => l2Distance(vectors.get(p.a)!, vectors.get(p.b)!));
  const folds = pairs.every((p) => p.fold !== null) ? pairs.map((p) => p.fold!) : undefined;
  const report = evaluateVerification(distances, pairs.map((p) => p.same), folds);
  const entries = [...embedded];
  const byType: PairsEvaluation['byType'] = {};
  for (const type of new Set(pairs.flatMap((p) => (p.type === undefined ? [] : [p.type])))) {
    const idx = pairs.flatMap((p, i) => (p.type === type ? [i] : []));
    const ofType = idx.map((i) => pairs[i]!);
    const images = new Set(ofType.flatMap((p) => [p.a, p.b]));
    byType[type] = {
      report: evaluateVerification(
        idx.map((i) => distances[i]!),
        ofType.map((p) => p.same),
        ofType.every((p) => p.fold !== null) ? ofType.map((p) => p.fold!) : undefined,
      ),
      images: images.size,
      noFaceImages: [...images].filter((k) => embedded.get(k)?.source === 'whole-image').length,
    };
  }
  return {
    report,
    byType,
    images: embedded.size,
    noFaceImages: entries.filter(([, e]) => e.source === 'whole-image').map(([k]) => k),
    multiFaceImages: entries.filter(([, e]) => e.facesFound > 1).length,
    distances,
  };
}
