import { describe, expect, it } from 'vitest';
import { FACE_LANDMARK_NAMES, type FaceDetection, type FaceLandmarks } from './face-detection.js';
import { suppressAcrossScales, weightedNms } from './weighted-nms.js';

/** A square detection with all keypoints at its centre (offset per keypoint so they are distinguishable). */
function det(x: number, y: number, size: number, score: number): FaceDetection {
  const landmarks = {} as FaceLandmarks;
  FACE_LANDMARK_NAMES.forEach((name, i) => {
    landmarks[name] = { x: x + size / 2 + i, y: y + size / 2 };
  });
  return { box: { x, y, width: size, height: size }, landmarks, score };
}

describe('weightedNms', () => {
  it('blends overlapping detections by score and keeps the best score', () => {
    const a = det(0, 0, 100, 0.9);
    const b = det(10, 0, 100, 0.6); // IoU 90/110 ≈ 0.82
    const [m, ...rest] = weightedNms([b, a], { iouThreshold: 0.3 });
    expect(rest).toHaveLength(0);
    expect(m?.score).toBe(0.9);
    expect(m?.support).toBe(2);
    expect(m?.box.x).toBeCloseTo((0 * 0.9 + 10 * 0.6) / 1.5, 10);
    expect(m?.box.width).toBeCloseTo(100, 10);
    expect(m?.landmarks.noseTip.x).toBeCloseTo((52 * 0.9 + 62 * 0.6) / 1.5, 10);
  });

  it('keeps separate faces apart and orders by score', () => {
    const out = weightedNms([det(0, 0, 50, 0.7), det(200, 0, 50, 0.95), det(3, 2, 50, 0.8)], { iouThreshold: 0.3 });
    expect(out.map((d) => d.score)).toEqual([0.95, 0.8]);
    expect(out[1]?.support).toBe(2);
  });

  it('does not blend detections at or under the IoU threshold', () => {
    // Two 100-px boxes offset by 60 px: IoU = 40/160 = 0.25.
    expect(weightedNms([det(0, 0, 100, 0.9), det(60, 0, 100, 0.8)], { iouThreshold: 0.3 })).toHaveLength(2);
    expect(weightedNms([det(0, 0, 100, 0.9), det(60, 0, 100, 0.8)], { iouThreshold: 0.2 })).toHaveLength(1);
  });

  it('stops at maxDetections and accepts an empty list', () => {
    expect(weightedNms([det(0, 0, 10, 0.9), det(100, 0, 10, 0.8)], { iouThreshold: 0.3, maxDetections: 1 })).toHaveLength(1);
    expect(weightedNms([], { iouThreshold: 0.3 })).toEqual([]);
  });
});

describe('suppressAcrossScales', () => {
  const options = { iouThreshold: 0.3, containmentThreshold: 0.5 };

  it('drops a box nested in a better one even when their IoU is low', () => {
    const big = det(0, 0, 200, 0.9);
    const inner = det(50, 50, 60, 0.8); // IoU 0.09, fully inside
    const out = suppressAcrossScales([inner, big], options);
    expect(out).toHaveLength(1);
    expect(out[0]?.box.width).toBe(200);
  });

  it('keeps neighbouring faces that touch', () => {
    const out = suppressAcrossScales([det(0, 0, 100, 0.9), det(80, 0, 100, 0.85), det(300, 0, 40, 0.8)], options);
    expect(out).toHaveLength(3);
  });

  it('prefers the face confirmed by more runs when scores are close', () => {
    const confirmed = [det(0, 0, 100, 0.86), det(2, 1, 100, 0.85), det(1, 2, 100, 0.84)];
    const lone = det(20, 20, 40, 0.87); // nested, slightly higher score but seen once
    const out = suppressAcrossScales([...confirmed, lone], options);
    expect(out).toHaveLength(1);
    expect(out[0]?.support).toBe(3);
  });
});
