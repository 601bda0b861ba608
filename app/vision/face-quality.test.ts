import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../testing/shared-faces.js';
import { ensureModelBuilt } from '../../native-models/model-build.js';
import { openBlazeFaceModels } from './blazeface-specs.js';
import { ARCFACE_112_TEMPLATE, alignFace } from './face-aligner.js';
import { FACE_LANDMARK_NAMES, type FaceDetection, type FaceLandmarks } from './face-detection.js';
import { detectFaces, type FaceDetectorModels } from './face-detector.js';
import { BLUR_THRESHOLD, PROFILE_YAW, assessFaceQuality, isLowQuality, laplacianVariance, poseFromLandmarks, qualityIssues } from './face-quality.js';
import { decodeRgbImage, type RgbImage } from './rgb-image.js';

function flat(value: number, size = 32): RgbImage {
  return { data: new Uint8Array(size * size * 3).fill(value), width: size, height: size };
}

function checkerboard(size = 32): RgbImage {
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) data.fill((x + y) % 2 ? 255 : 0, (y * size + x) * 3, (y * size + x) * 3 + 3);
  return { data, width: size, height: size };
}

function frontalLandmarks(noseX = 50): FaceLandmarks {
  const l = {} as FaceLandmarks;
  for (const n of FACE_LANDMARK_NAMES) l[n] = { x: 50, y: 50 };
  l.rightEye = { x: 40, y: 40 };
  l.leftEye = { x: 60, y: 40 };
  l.noseTip = { x: noseX, y: 52 };
  l.mouthCenter = { x: 50, y: 62 };
  l.rightEar = { x: 25, y: 45 };
  l.leftEar = { x: 75, y: 45 };
  return l;
}

async function blur(image: RgbImage, sigma: number): Promise<RgbImage> {
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).blur(sigma).raw().toBuffer();
  return { data: new Uint8Array(data), width: image.width, height: image.height };
}

describe('laplacianVariance', () => {
  it('is zero on a flat image and large on a checkerboard', () => {
    expect(laplacianVariance(flat(120))).toBe(0);
    // Every interior Laplacian is ±4·255.
    expect(laplacianVariance(checkerboard())).toBeCloseTo((4 * 255) ** 2, -2);
  });
});

describe('poseFromLandmarks', () => {
  it('measures yaw from the nose offset and roll from the eye line', () => {
    expect(poseFromLandmarks(frontalLandmarks()).yaw).toBeCloseTo(0, 12);
    expect(poseFromLandmarks(frontalLandmarks(60)).yaw).toBeCloseTo(0.5, 12);
    const tilted = frontalLandmarks();
    tilted.leftEye = { x: 50, y: 50 + 10 * Math.sqrt(3) }; // eye line at 60°
    tilted.rightEye = { x: 40, y: 50 };
    expect(poseFromLandmarks(tilted).rollDegrees).toBeCloseTo(60, 6);
  });
});

describe('assessFaceQuality and isLowQuality', () => {
  const big = (score = 0.95, noseX = 50): FaceDetection => ({ box: { x: 0, y: 0, width: 120, height: 120 }, landmarks: frontalLandmarks(noseX), score });

  it('flags small, blurry and profile faces with the documented thresholds', () => {
    const sharpCrop = checkerboard(112);
    const good = assessFaceQuality(big(), sharpCrop);
    expect(qualityIssues(good)).toEqual([]);
    expect(good.score).toBeGreaterThan(0.9);

    const small = assessFaceQuality({ ...big(), box: { x: 0, y: 0, width: 30, height: 30 } }, sharpCrop);
    expect(qualityIssues(small)).toEqual(['too-small']);
    expect(small.score).toBeLessThan(good.score);

    const flatCrop = assessFaceQuality(big(), flat(128, 112));
    expect(qualityIssues(flatCrop)).toEqual(['too-blurry']);

    const profile = assessFaceQuality(big(0.95, 66), sharpCrop); // nose 0.8 eye distances off centre
    expect(qualityIssues(profile)).toEqual(['profile']);
    expect(isLowQuality(profile)).toBe(true);
    expect(profile.score).toBeLessThan(good.score);
    expect(isLowQuality(good)).toBe(false);

    // A turned head the eye proxy misses (nose 0.25 eye distances off centre) but the ears do not: the nearer ear is
    // hidden behind the cheek, so both ear keypoints sit on one side (ear yaw −0.6, beyond 45°).
    const turned = big(0.95, 45);
    turned.landmarks.rightEar = { x: 48, y: 45 };
    turned.landmarks.leftEar = { x: 78, y: 45 };
    const q = assessFaceQuality(turned, sharpCrop);
    expect(Math.abs(q.yaw)).toBeLessThan(PROFILE_YAW);
    expect(q.earYaw).toBeCloseTo(-0.6, 6);
    expect(qualityIssues(q)).toEqual(['profile']);
  });

  it('flags a face cut by the frame: less than 75% of its box inside the photo', () => {
    const sharpCrop = checkerboard(112);
    const at = (x: number): FaceDetection => ({ ...big(), box: { x, y: 10, width: 120, height: 120 } });
    // A 200-px-wide photo: the box from x = 110 has 90 of its 120 px inside (75%), from x = 111 less.
    const frame = { width: 200, height: 300 };
    expect(qualityIssues(assessFaceQuality(at(110), sharpCrop, frame))).toEqual([]);
    const cut = assessFaceQuality(at(140), sharpCrop, frame);
    expect(cut.insideFraction).toBeCloseTo(0.5, 6);
    expect(qualityIssues(cut)).toEqual(['cut-by-frame']);
    expect(isLowQuality(cut)).toBe(true);
    expect(assessFaceQuality(at(140), sharpCrop).insideFraction).toBe(1); // no frame given: whole
  });

  it('keeps every score in [0, 1]', () => {
    const q = assessFaceQuality({ ...big(0.1, 500), box: { x: 0, y: 0, width: 2, height: 2 } }, flat(0, 112));
    for (const v of [q.score, q.sizeScore, q.sharpnessScore, q.poseScore, q.confidenceScore]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  describe('on a real face', () => {
    let models: FaceDetectorModels;
    beforeAll(async () => {
      await Promise.all([ensureModelBuilt('front'), ensureModelBuilt('back')]);
      models = await openBlazeFaceModels({ intraOpNumThreads: 1 });
    });

    it('rates Grace Hopper as good, and the same photo blurred as too blurry', async () => {
      const photo = await decodeRgbImage(join(fixturesDir, 'grace_hopper_512x512.jpg'));
      const [face] = (await detectFaces(photo, models)).faces;
      const crop = await alignFace(photo, face!.landmarks, ARCFACE_112_TEMPLATE);
      const good = assessFaceQuality(face!, crop);
      expect(isLowQuality(good)).toBe(false);
      expect(good.score).toBeGreaterThan(0.7);
      // σ = 6 photo pixels ≈ 2.4 crop pixels (the crop is 0.4× the photo); this photo is unusually crisp (≈ 2300).
      const blurred = await alignFace(await blur(photo, 6), face!.landmarks, ARCFACE_112_TEMPLATE);
      const bad = assessFaceQuality(face!, blurred);
      expect(bad.laplacianVariance).toBeLessThan(BLUR_THRESHOLD);
      expect(qualityIssues(bad)).toContain('too-blurry');
      expect(bad.score).toBeLessThan(good.score);
    });
  });
});
