import type { AnalysedFace } from './face-analyzer.js';

/** The face a single-subject command means: the largest (ties: the highest detector score). */
export function largestFace<F extends Pick<AnalysedFace, 'box' | 'detectorScore'>>(faces: readonly F[]): F | undefined {
  let best: F | undefined;
  for (const f of faces) {
    const area = f.box.width * f.box.height;
    const bestArea = best ? best.box.width * best.box.height : -1;
    if (!best || area > bestArea || (area === bestArea && f.detectorScore > best.detectorScore)) best = f;
  }
  return best;
}
