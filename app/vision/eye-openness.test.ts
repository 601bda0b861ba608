import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir, sharedFacesDir, SHARED_FACES_SKIP } from '../testing/shared-faces.js';
import { eyeAspectRatio, eyeOpenness, landmarkYaw, MAX_EYE_YAW } from './eye-openness.js';
import type { Point } from './face-detection.js';
import { detectFaces, type FaceDetectorModels } from './face-detector.js';
import type { FaceLandmarker } from './face-landmarker.js';
import { openLandmarkModels } from '../testing/landmark-models.js';
import { EYES_CLOSED, EYES_OPEN, eyesPart, frameQuality, type FrameFace } from './frame-quality.js';
import { decodeRgbImage } from './rgb-image.js';

/** One eye's six points in iBUG order (outer corner, upper lid ×2, inner corner, lower lid ×2), `height` lid to lid. */
function eye(cx: number, cy: number, width: number, height: number, outerLeft: boolean): Point[] {
  const s = outerLeft ? 1 : -1;
  return [
    { x: cx - (s * width) / 2, y: cy },
    { x: cx - (s * width) / 6, y: cy - height / 2 },
    { x: cx + (s * width) / 6, y: cy - height / 2 },
    { x: cx + (s * width) / 2, y: cy },
    { x: cx + (s * width) / 6, y: cy + height / 2 },
    { x: cx - (s * width) / 6, y: cy + height / 2 },
  ];
}

/** A frontal face's 68 points (only the jaw, the nose tip and the eyes matter here), eyes `open` lid to lid per width. */
function face68(open: { right: number; left: number }, noseX = 100): Point[] {
  const points: Point[] = Array.from({ length: 68 }, () => ({ x: 100, y: 120 }));
  for (let k = 0; k <= 16; k++) {
    const a = Math.PI * (k / 16);
    points[k] = { x: 100 - 70 * Math.cos(a), y: 90 + 80 * Math.sin(a) };
  }
  points[30] = { x: noseX, y: 120 };
  points.splice(36, 6, ...eye(70, 90, 30, 30 * open.right, true));
  points.splice(42, 6, ...eye(130, 90, 30, 30 * open.left, false));
  return points;
}

const rotate = (points: Point[], degrees: number, scale: number): Point[] => {
  const a = (degrees * Math.PI) / 180;
  return points.map((p) => ({ x: scale * (p.x * Math.cos(a) - p.y * Math.sin(a)) + 500, y: scale * (p.x * Math.sin(a) + p.y * Math.cos(a)) + 20 }));
};

describe('eyeOpenness (synthetic points)', () => {
  it('is the eye aspect ratio: lid-to-lid heights over twice the corner-to-corner width', () => {
    expect(eyeAspectRatio(eye(0, 0, 30, 9, true)).ratio).toBeCloseTo(0.3, 10);
    expect(eyeAspectRatio(eye(0, 0, 30, 9, true)).width).toBeCloseTo(30, 10);
    expect(eyeOpenness(face68({ right: 0.3, left: 0.3 }))).toBeCloseTo(0.3, 10);
    expect(eyeOpenness(face68({ right: 0.05, left: 0.05 }))).toBeCloseTo(0.05, 10);
  });

  it('does not depend on the face’s size or roll; a wink reads between open and closed', () => {
    const open = face68({ right: 0.29, left: 0.29 });
    expect(eyeOpenness(rotate(open, 30, 3.5))).toBeCloseTo(0.29, 10);
    const wink = eyeOpenness(face68({ right: 0.29, left: 0.1 }))!;
    expect(wink).toBeGreaterThan(0.1);
    expect(wink).toBeLessThan(0.29);
  });

  it('is not measured on a face turned beyond MAX_EYE_YAW, and refuses a point set of the wrong size', () => {
    expect(landmarkYaw(face68({ right: 0.3, left: 0.3 }))).toBeCloseTo(0, 10);
    const turned = face68({ right: 0.3, left: 0.3 }, 165);
    expect(Math.abs(landmarkYaw(turned))).toBeGreaterThan(MAX_EYE_YAW);
    expect(eyeOpenness(turned)).toBeNull();
    expect(eyeOpenness(face68({ right: 0.3, left: 0.3 }, 115))).not.toBeNull();
    expect(() => eyeOpenness(face68({ right: 0.3, left: 0.3 }).slice(0, 5))).toThrow(/68 points/);
  });
});

/** The measurements of one face, the same but for the eyes: a frame of a burst. */
const frame = (eyeOpenness: number | null): FrameFace => ({
  box: { x: 400, y: 300, width: 120, height: 140 },
  landmarks: { rightEye: [430, 340], leftEye: [490, 340], noseTip: [460, 380], mouthCenter: [460, 410] },
  detectorScore: 0.95,
  quality: 0.8,
  laplacianVariance: 150,
  eyeOpenness,
});

describe('eyes part of a frame (synthetic points)', () => {
  it('ranks the closed-eye frame of a burst below the open-eyed one of equal sharpness', () => {
    const open = frameQuality(frame(eyeOpenness(face68({ right: 0.29, left: 0.29 }))), 1000, 800);
    const closed = frameQuality(frame(eyeOpenness(face68({ right: 0.06, left: 0.06 }))), 1000, 800);
    expect(open.eyes).toBe(1);
    expect(closed.eyes).toBe(0);
    expect(closed.score).toBeLessThan(open.score);
    expect(closed.sharpness).toBe(open.sharpness);
  });
});

let detector: FaceDetectorModels;
let landmarker: FaceLandmarker;
beforeAll(async () => {
  ({ detector, landmarker } = await openLandmarkModels());
});

/** Eye openness of the largest face of a photo, by the real detector and landmark net. */
async function measure(path: string): Promise<number | null> {
  const image = await decodeRgbImage(path);
  const faces = (await detectFaces(image, detector)).faces;
  const face = faces.reduce((a, b) => (b.box.width > a.box.width ? b : a));
  const [points] = await landmarker.locate(image, [face.box]);
  return eyeOpenness(points!);
}

describe('eyeOpenness on real photos', () => {
  it('reads the open eyes of the public fixtures as open', async () => {
    for (const file of ['astronaut.png', 'grace_hopper_512x512.jpg']) {
      const value = await measure(join(fixturesDir, file));
      expect(value, file).not.toBeNull();
      expect(value!, file).toBeGreaterThan(EYES_OPEN);
      expect(eyesPart(value!), file).toBe(1);
    }
  });

  // Four people of cfp, each with one frontal photo whose eyes are closed (looked at; see frame-quality.ts) among ten.
  const closedEyes: Array<[string, string]> = [
    ['Annika Sorenstam', 'frontal_04.jpg'],
    ['Jason Statham', 'frontal_07.jpg'],
    ['Martina Hingis', 'frontal_05.jpg'],
    ['Ray Rice', 'frontal_06.jpg'],
  ];
  it.skipIf(!sharedFacesDir)(`ranks each person's closed-eye cfp photo below all their open-eyed ones at equal sharpness${sharedFacesDir ? '' : ` (${SHARED_FACES_SKIP})`}`, async () => {
    for (const [person, closedFile] of closedEyes) {
      const dir = join(sharedFacesDir!, 'cfp', person);
      const closed = (await measure(join(dir, closedFile)))!;
      expect(closed, person).toBeLessThan(EYES_CLOSED + 0.3 * (EYES_OPEN - EYES_CLOSED));
      expect(eyesPart(closed), person).toBeLessThan(0.25);
      const closedScore = frameQuality(frame(closed), 1000, 800).score;
      for (let k = 1; k <= 10; k++) {
        const file = `frontal_${String(k).padStart(2, '0')}.jpg`;
        if (file === closedFile) continue;
        const open = await measure(join(dir, file));
        expect(open, `${person} ${file}`).toBeGreaterThan(closed);
        expect(frameQuality(frame(open), 1000, 800).score, `${person} ${file}`).toBeGreaterThan(closedScore);
      }
    }
  }, 120_000);
});
