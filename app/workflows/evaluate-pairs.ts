import { l2Distance } from '../shared/vector-math.js';
import type { FaceAnalysisPool } from '../vision/face-analysis-pool.js';
import { embedImages, type ImageEmbedding } from './embed-images.js';
import type { LabeledPair } from '../eval/pairs-file.js';
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
  return {
    report,
    images: embedded.size,
    noFaceImages: entries.filter(([, e]) => e.source === 'whole-image').map(([k]) => k),
    multiFaceImages: entries.filter(([, e]) => e.facesFound > 1).length,
    distances,
  };
}
