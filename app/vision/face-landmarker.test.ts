import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../testing/shared-faces.js';
import { detectFaces, type FaceDetectorModels } from './face-detector.js';
import type { FaceLandmarker } from './face-landmarker.js';
import { openLandmarkModels } from '../testing/landmark-models.js';
import { decodeRgbImage } from './rgb-image.js';

let detector: FaceDetectorModels;
let landmarker: FaceLandmarker;
beforeAll(async () => {
  ({ detector, landmarker } = await openLandmarkModels());
});

const mean = (ps: { x: number; y: number }[]) => ({ x: ps.reduce((s, p) => s + p.x, 0) / ps.length, y: ps.reduce((s, p) => s + p.y, 0) / ps.length });

describe('FaceLandmarker (68 points) on the public fixtures', () => {
  it('puts the eyes, nose and mouth where the detector’s keypoints are, in photo pixels', async () => {
    for (const file of ['astronaut.png', 'grace_hopper_512x512.jpg']) {
      const image = await decodeRgbImage(join(fixturesDir, file));
      const [face] = (await detectFaces(image, detector)).faces;
      const [points] = await landmarker.locate(image, [face!.box]);
      expect(points!.length).toBe(68);
      const tolerance = 0.12 * face!.box.width;
      const near = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y) < tolerance;
      // iBUG: 36–41 the subject's right eye, 42–47 the left, 30 the nose tip, 48–67 the mouth.
      expect(near(mean(points!.slice(36, 42)), face!.landmarks.rightEye), file).toBe(true);
      expect(near(mean(points!.slice(42, 48)), face!.landmarks.leftEye), file).toBe(true);
      expect(near(points![30]!, face!.landmarks.noseTip), file).toBe(true);
      expect(near(mean(points!.slice(48, 68)), face!.landmarks.mouthCenter), file).toBe(true);
    }
  });

  it('locates several faces in one batch as it does one at a time', async () => {
    const image = await decodeRgbImage(join(fixturesDir, 'astronaut.png'));
    const [face] = (await detectFaces(image, detector)).faces;
    const shifted = { ...face!.box, x: face!.box.x + 5 };
    const [alone] = await landmarker.locate(image, [shifted]);
    const both = await landmarker.locate(image, [face!.box, shifted]);
    const diff = Math.max(...alone!.map((p, i) => Math.max(Math.abs(p.x - both[1]![i]!.x), Math.abs(p.y - both[1]![i]!.y))));
    expect(diff).toBeLessThan(1e-3);
    // The other box's points are its own.
    expect(Math.abs(both[0]![30]!.x - alone![30]!.x)).toBeGreaterThan(1e-3);
  });
});
