import { describe, expect, it } from 'vitest';
import { edgePart, eyesPart, frameQuality, sharpnessPart, type FrameFace } from './frame-quality.js';

const face = (patch: Partial<FrameFace> = {}): FrameFace => ({
  box: { x: 400, y: 300, width: 120, height: 140 },
  landmarks: { rightEye: [430, 340], leftEye: [490, 340], noseTip: [460, 380], mouthCenter: [460, 410] },
  detectorScore: 0.95,
  quality: 0.8,
  laplacianVariance: 150,
  eyeOpenness: 0.29,
  ...patch,
});

describe('frameQuality', () => {
  it('ranks the same face sharp > soft > blurred, without saturating at "sharp enough to recognise"', () => {
    // Variances measured on a generated shoot: sharp 60–310, σ 1.5 7–27, σ 3 4–7, σ 5 2–3 (frame-quality.ts).
    const scores = [310, 120, 27, 7, 4, 2].map((v) => frameQuality(face({ laplacianVariance: v }), 1000, 800).score);
    for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeLessThan(scores[i - 1]!);
    expect(sharpnessPart(1000)).toBe(1);
    expect(sharpnessPart(0)).toBe(0);
  });

  it('costs a face turned away, a small face and a face cut by the frame edge', () => {
    const frontal = frameQuality(face(), 1000, 800);
    const turned = frameQuality(face({ landmarks: { rightEye: [430, 340], leftEye: [490, 340], noseTip: [520, 380] } }), 1000, 800);
    const small = frameQuality(face({ box: { x: 400, y: 300, width: 30, height: 35 } }), 1000, 800);
    const cut = frameQuality(face({ box: { x: -60, y: 300, width: 120, height: 140 } }), 1000, 800);
    expect(turned.pose!).toBeLessThan(frontal.pose!);
    expect(turned.score).toBeLessThan(frontal.score);
    expect(small.size).toBeLessThan(frontal.size);
    expect(small.score).toBeLessThan(frontal.score);
    expect(cut.edge).toBeLessThan(0.6);
    expect(cut.score).toBeLessThan(frontal.score);
    expect(frontal.edge).toBe(1);
  });

  it('ranks a face without a stored sharpness by its recognition quality, and says which parts it could not measure', () => {
    const old = frameQuality(face({ laplacianVariance: null, landmarks: null, detectorScore: null, quality: 0.9 }), 1000, 800);
    expect(old).toMatchObject({ sharpness: null, pose: null, confidence: null });
    expect(old.score).toBeGreaterThan(frameQuality(face({ laplacianVariance: null, landmarks: null, detectorScore: null, quality: 0.2 }), 1000, 800).score);
  });

  it('costs closed eyes more than heavy blur, a squint less; unmeasured eyes leave the other parts to rank', () => {
    // Eye aspect ratios measured on cfp (frame-quality.ts): open median 0.285, blinks 0.17–0.22.
    const open = frameQuality(face(), 1000, 800);
    const squint = frameQuality(face({ eyeOpenness: 0.225 }), 1000, 800);
    const closed = frameQuality(face({ eyeOpenness: 0.17 }), 1000, 800);
    const blurredOpen = frameQuality(face({ laplacianVariance: 2.5 }), 1000, 800);
    expect(open.eyes).toBe(1);
    expect(eyesPart(0.17)).toBe(0);
    expect(squint.eyes!).toBeGreaterThan(0.2);
    expect(squint.eyes!).toBeLessThan(0.8);
    expect(closed.score).toBeLessThan(squint.score);
    expect(squint.score).toBeLessThan(open.score);
    expect(closed.score).toBeLessThan(blurredOpen.score);
    const unmeasured = frameQuality(face({ eyeOpenness: null }), 1000, 800);
    expect(unmeasured.eyes).toBeNull();
    // Ranked by the parts measured (as for any part): near the open-eyed frame, far above the closed one.
    expect(Math.abs(unmeasured.score - open.score)).toBeLessThan(0.05);
    expect(unmeasured.score).toBeGreaterThan(squint.score);
  });

  it('weighs the eyes of a turned face less', () => {
    const turnedLandmarks = { rightEye: [430, 340], leftEye: [490, 340], noseTip: [505, 380] } as Record<string, [number, number]>;
    const frontalLoss = frameQuality(face(), 1000, 800).score / frameQuality(face({ eyeOpenness: 0.17 }), 1000, 800).score;
    const turnedLoss =
      frameQuality(face({ landmarks: turnedLandmarks }), 1000, 800).score / frameQuality(face({ landmarks: turnedLandmarks, eyeOpenness: 0.17 }), 1000, 800).score;
    expect(turnedLoss).toBeGreaterThan(1);
    expect(turnedLoss).toBeLessThan(frontalLoss);
  });

  it('measures the share of the face (with a margin) inside the frame', () => {
    expect(edgePart({ x: 0, y: 0, width: 100, height: 100 }, 1000, 1000)).toBeCloseTo(((100 + 15) * (100 + 15)) / (130 * 130), 6);
    expect(edgePart({ x: 2000, y: 0, width: 100, height: 100 }, 1000, 1000)).toBe(0);
  });
});
