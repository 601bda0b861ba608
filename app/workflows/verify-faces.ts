/** "Same person?" for two photos: the largest face of each, compared at the model's calibrated verification distance. */
import { l2Distance } from '../shared/vector-math.js';
import type { EmbedderEntry } from '../shared/model-manifest.js';
import { FaceAnalysisPool } from '../vision/face-analysis-pool.js';
import { largestFace } from '../vision/largest-face.js';

export interface FaceVerification {
  modelId: string;
  distance: number;
  threshold: number;
  same: boolean;
  /** Faces found in each photo (the largest one is compared). */
  facesA: number;
  facesB: number;
}

export async function verifyFaces(a: string, b: string, entry: EmbedderEntry): Promise<FaceVerification> {
  const threshold = entry.thresholds['verify'];
  if (threshold === undefined) throw new Error(`${entry.id} has no calibrated verification threshold in native-models/manifest.json`);
  const pool = new FaceAnalysisPool({ embedder: entry.id, workers: 2 });
  try {
    const [ra, rb] = await Promise.all([pool.analyse(a), pool.analyse(b)]);
    const fa = largestFace(ra.faces);
    const fb = largestFace(rb.faces);
    if (!fa || !fb) throw new Error(`no face found in ${!fa ? a : b}`);
    const distance = l2Distance(fa.embedding, fb.embedding);
    return { modelId: entry.id, distance, threshold, same: distance <= threshold, facesA: ra.faces.length, facesB: rb.faces.length };
  } finally {
    await pool.close();
  }
}
