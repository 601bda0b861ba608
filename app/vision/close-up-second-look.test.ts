import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHARED_FACES_SKIP, fixturesDir, sharedFacesDir } from '../testing/shared-faces.js';
import { ensureModelBuilt } from '../../native-models/model-build.js';
import { openBlazeFaceModels } from './blazeface-specs.js';
import { DEFAULT_PLAN_OPTIONS } from './detection-plan.js';
import { DEFAULT_SECOND_LOOK_OPTIONS, secondLook, unmirrorDetection } from './close-up-second-look.js';
import type { Box, FaceDetection } from './face-detection.js';
import { detectFaces, type FaceDetectorModels } from './face-detector.js';
import { decodeRgbImage } from './rgb-image.js';

let models: FaceDetectorModels;
beforeAll(async () => {
  await Promise.all([ensureModelBuilt('front'), ensureModelBuilt('back')]);
  models = await openBlazeFaceModels({ intraOpNumThreads: 1 });
});

function contains(box: Box, x: number, y: number): boolean {
  return x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height;
}

/** Every candidate the first pass saw (the decoder's floor, 0.5), without the second look. */
async function candidates(file: string) {
  const image = await decodeRgbImage(file);
  const { faces } = await detectFaces(image, models, { minScore: 0.5, minScoreSingleRun: 0.5, secondLook: null });
  return { image, faces };
}

describe('unmirrorDetection', () => {
  it('mirrors the box and keypoints back and swaps the subject’s sides', () => {
    const p = (x: number, y: number) => ({ x, y });
    const d: FaceDetection = {
      box: { x: 10, y: 20, width: 30, height: 40 },
      landmarks: { rightEye: p(15, 30), leftEye: p(30, 31), noseTip: p(22, 40), mouthCenter: p(23, 50), rightEar: p(11, 35), leftEar: p(38, 36) },
      score: 0.8,
    };
    const u = unmirrorDetection(d, 100);
    expect(u.box).toEqual({ x: 60, y: 20, width: 30, height: 40 });
    // The subject's right eye is again on the image's left.
    expect(u.landmarks.rightEye).toEqual(p(70, 31));
    expect(u.landmarks.leftEye).toEqual(p(85, 30));
    expect(u.landmarks.rightEar).toEqual(p(62, 36));
    expect(u.landmarks.noseTip).toEqual(p(78, 40));
    expect(unmirrorDetection(u, 100)).toEqual(d);
  });
});

describe('secondLook on the public fixtures', () => {
  it('looks again at the coffee cup (a large candidate at 0.66) and still finds no face', async () => {
    const { image, faces } = await candidates(join(fixturesDir, 'coffee.png'));
    const large = faces.filter((f) => f.box.width >= DEFAULT_SECOND_LOOK_OPTIONS.minRelativeWidth * Math.min(image.width, image.height));
    expect(large.length).toBeGreaterThan(0);
    const second = await secondLook(image, faces, models);
    expect(second.runs).toBeGreaterThan(0);
    expect(second.faces).toEqual([]);
  });

  it('is not used where the first pass found a face', async () => {
    const image = await decodeRgbImage(join(fixturesDir, 'grace_hopper_512x512.jpg'));
    const [withLook, without] = await Promise.all([detectFaces(image, models), detectFaces(image, models, { secondLook: null })]);
    expect(withLook).toEqual(without);
  });
});

// Close-up profiles of cfp that the first pass rejects (best candidates 0.65–0.73, one run each).
const MISSED_PROFILES = ['Aaron Rodgers/profile_02.jpg', 'Allyson Felix/profile_04.jpg', 'Cole Hamels/profile_04.jpg', 'Bernie Sanders/profile_04.jpg'];

describe.skipIf(!sharedFacesDir)(`secondLook on cfp profiles${sharedFacesDir ? '' : ` (${SHARED_FACES_SKIP})`}`, () => {
  it('finds the one face of close-up profiles the first pass misses, keypoints on the face', async () => {
    for (const rel of MISSED_PROFILES) {
      const image = await decodeRgbImage(join(sharedFacesDir!, 'cfp', rel));
      // Without the mirrored run, which finds some of them first (the second look is what is tested here).
      const plan = { ...DEFAULT_PLAN_OPTIONS, mirroredFactor: 0 };
      expect((await detectFaces(image, models, { plan, secondLook: null })).faces, rel).toEqual([]);
      const { faces } = await detectFaces(image, models, { plan });
      expect(faces.length, rel).toBe(1);
      const face = faces[0]!;
      expect(face.score, rel).toBeGreaterThanOrEqual(DEFAULT_SECOND_LOOK_OPTIONS.acceptScore);
      expect(face.box.width, rel).toBeGreaterThan(0.3 * Math.min(image.width, image.height));
      // A profile's nose tip may stick out of the box a little.
      const b = face.box;
      const around = { x: b.x - 0.1 * b.width, y: b.y - 0.1 * b.height, width: 1.2 * b.width, height: 1.2 * b.height };
      for (const p of [face.landmarks.rightEye, face.landmarks.leftEye, face.landmarks.noseTip, face.landmarks.mouthCenter]) {
        expect(contains(around, p.x, p.y), rel).toBe(true);
      }
      // Subject's right eye on the image's left, also when the mirrored window found the face.
      expect(face.landmarks.rightEye.x, rel).toBeLessThan(face.landmarks.leftEye.x);
      expect(face.landmarks.noseTip.y, rel).toBeLessThan(face.landmarks.mouthCenter.y);
    }
  });
});
