import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { dbscan } from '../people/dbscan.js';
import { clusterPeople } from '../people/people-clustering.js';
import type { FaceAnalysisPool } from '../vision/face-analysis-pool.js';
import { evaluateClustering, type ClusterEvaluation } from '../eval/cluster-metrics.js';
import { embedImages } from './embed-images.js';

/** DBSCAN's minimum neighbourhood, as Immich's face clustering uses by default (minFaces = 3). */
export const DBSCAN_MIN_POINTS = 3;

export interface ClusteringComparison {
  images: number;
  identities: number;
  noFaceImages: number;
  threshold: number;
  kindred: ClusterEvaluation;
  dbscan: ClusterEvaluation & { eps: number; minPts: number };
  /** DBSCAN at the eps that scores best against the truth (an oracle no user has: the baseline's ceiling). */
  dbscanOracle: ClusterEvaluation & { eps: number; minPts: number };
}

/** Every image below `root`, labelled by its parent folder (the identity). */
export function labeledImages(root: string): { path: string; identity: string }[] {
  const out: { path: string; identity: string }[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(jpe?g|png|webp|tiff?)$/i.test(name) && dir !== root) out.push({ path: relative(root, path), identity: relative(root, dir) });
    }
  };
  walk(root);
  return out;
}

/**
 * `kindred eval cluster`: every image through the pipeline, then Kindred's clustering and DBSCAN (eps = the same
 * verification threshold) on the same embeddings, each scored against the folder identities.
 */
export async function evaluateClusteringOn(root: string, pool: FaceAnalysisPool, threshold: number): Promise<ClusteringComparison> {
  const images = labeledImages(root);
  if (images.length === 0) throw new Error(`no images in identity folders below ${root}`);
  const embedded = await embedImages(root, images.map((i) => i.path), pool);
  const vectors = images.map((i) => embedded.get(i.path)!.embedding);
  const truth = images.map((i) => i.identity);
  // Each image is its own photo (no same-photo cannot-links); quality filtering is not part of this benchmark.
  const ours = clusterPeople(vectors, images.map((_, i) => ({ photoId: i })), { threshold });
  const baseline = dbscan(vectors, { eps: threshold, minPts: DBSCAN_MIN_POINTS });
  return {
    images: images.length,
    identities: new Set(truth).size,
    noFaceImages: [...embedded.values()].filter((e) => e.source === 'whole-image').length,
    threshold,
    kindred: evaluateClustering(ours.assignments, truth),
    dbscan: { ...evaluateClustering(baseline.labels, truth), eps: threshold, minPts: DBSCAN_MIN_POINTS },
    dbscanOracle: bestDbscan(vectors, truth),
  };
}

function bestDbscan(vectors: Float32Array[], truth: string[]): ClusterEvaluation & { eps: number; minPts: number } {
  let best: (ClusterEvaluation & { eps: number; minPts: number }) | undefined;
  for (let eps = 0.2; eps <= 0.6 + 1e-9; eps += 0.02) {
    const r = { ...evaluateClustering(dbscan(vectors, { eps, minPts: DBSCAN_MIN_POINTS }).labels, truth), eps: Math.round(eps * 100) / 100, minPts: DBSCAN_MIN_POINTS };
    if (!best || r.bcubed.f1 > best.bcubed.f1) best = r;
  }
  return best!;
}
