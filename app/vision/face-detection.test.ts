import { describe, expect, it } from 'vitest';
import { FACE_LANDMARK_NAMES, boxIoU, interEyeDistance, intersectionArea, isFaceLandmarkName, mapDetection, type FaceDetection, type FaceLandmarks } from './face-detection.js';

describe('box geometry', () => {
  it('computes intersection and IoU', () => {
    const a = { x: 0, y: 0, width: 10, height: 10 };
    const b = { x: 5, y: 5, width: 10, height: 10 };
    expect(intersectionArea(a, b)).toBe(25);
    expect(boxIoU(a, b)).toBeCloseTo(25 / 175, 12);
    expect(boxIoU(a, a)).toBe(1);
    expect(boxIoU(a, { x: 20, y: 0, width: 5, height: 5 })).toBe(0);
    expect(boxIoU(a, { x: 0, y: 0, width: 0, height: 0 })).toBe(0);
  });
});

describe('mapDetection', () => {
  it('maps box and keypoints through scale and offset, keeping the score', () => {
    const landmarks = {} as FaceLandmarks;
    FACE_LANDMARK_NAMES.forEach((n, i) => (landmarks[n] = { x: i, y: 2 * i }));
    const d: FaceDetection = { box: { x: 1, y: 2, width: 3, height: 4 }, landmarks, score: 0.7 };
    const m = mapDetection(d, 2, 3, 10, 20);
    expect(m.box).toEqual({ x: 12, y: 26, width: 6, height: 12 });
    expect(m.landmarks.mouthCenter).toEqual({ x: 3 * 2 + 10, y: 6 * 3 + 20 });
    expect(m.score).toBe(0.7);
    expect(d.box.x).toBe(1); // input untouched
  });
});

describe('keypoint helpers', () => {
  it('recognises names and measures the eye distance', () => {
    expect(isFaceLandmarkName('noseTip')).toBe(true);
    expect(isFaceLandmarkName('chin')).toBe(false);
    const landmarks = {} as FaceLandmarks;
    FACE_LANDMARK_NAMES.forEach((n) => (landmarks[n] = { x: 0, y: 0 }));
    landmarks.leftEye = { x: 3, y: 4 };
    expect(interEyeDistance(landmarks)).toBe(5);
  });
});
