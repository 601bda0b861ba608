import { join } from 'node:path';
import type { FaceAnalysisPool } from '../vision/face-analysis-pool.js';
import { largestFace } from '../vision/largest-face.js';

/** The embedding evaluation uses for one image, and how it was obtained. */
export interface ImageEmbedding {
  embedding: Float32Array;
  /** 'detected': the largest detected face; 'whole-image': no face found, the image itself taken as a face crop. */
  source: 'detected' | 'whole-image';
  facesFound: number;
}

/**
 * Embeds each image of an evaluation set (paths relative to `root`) through the real pipeline, in the worker
 * pool: the largest detected face, or — for tight crops where the detector finds none — the whole image aligned
 * as if it were a face chip (counted and reported, never silently dropped).
 */
export async function embedImages(
  root: string,
  images: readonly string[],
  pool: FaceAnalysisPool,
  onProgress?: (done: number, total: number) => void,
): Promise<Map<string, ImageEmbedding>> {
  const out = new Map<string, ImageEmbedding>();
  const unique = [...new Set(images)];
  let done = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < unique.length) {
      const rel = unique[next++]!;
      const path = join(root, rel);
      const result = await pool.analyse(path);
      const face = largestFace(result.faces);
      out.set(
        rel,
        face
          ? { embedding: face.embedding, source: 'detected', facesFound: result.faces.length }
          : { embedding: await pool.embedWholeImage(path), source: 'whole-image', facesFound: 0 },
      );
      onProgress?.(++done, unique.length);
    }
  };
  await Promise.all(Array.from({ length: pool.size * 2 }, worker));
  return out;
}
