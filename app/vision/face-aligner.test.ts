import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../testing/shared-faces.js';
import { ensureModelBuilt } from '../../native-models/model-build.js';
import { openBlazeFaceModels } from './blazeface-specs.js';
import { FACE_LANDMARK_NAMES, type FaceLandmarks, type Point } from './face-detection.js';
import { ARCFACE_112_TEMPLATE, alignFace, alignmentTransform, warpAffine } from './face-aligner.js';
import { detectFaces, type FaceDetectorModels } from './face-detector.js';
import { decodeRgbImage, type RgbImage } from './rgb-image.js';
import { applyAffine } from './similarity-transform.js';

/** Keypoints at the given places (ears anywhere). */
function landmarksAt(points: Partial<Record<keyof FaceLandmarks, Point>>): FaceLandmarks {
  const out = {} as FaceLandmarks;
  for (const n of FACE_LANDMARK_NAMES) out[n] = points[n] ?? { x: 0, y: 0 };
  return out;
}

/** A grey image with bright discs of this radius centred on the given points. */
function dots(width: number, height: number, points: Point[], radius: number): RgbImage {
  const data = new Uint8Array(width * height * 3).fill(40);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (points.some((p) => Math.hypot(x + 0.5 - p.x, y + 0.5 - p.y) <= radius)) data.fill(255, (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  }
  return { data, width, height };
}

/** Centroid of bright pixels in a window of the output. */
function brightCentroid(image: RgbImage, cx: number, cy: number, r: number): Point {
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let y = Math.max(0, Math.floor(cy - r)); y < Math.min(image.height, cy + r); y++) {
    for (let x = Math.max(0, Math.floor(cx - r)); x < Math.min(image.width, cx + r); x++) {
      const v = (image.data[(y * image.width + x) * 3] as number) - 40;
      if (v > 20) {
        sx += (x + 0.5) * v;
        sy += (y + 0.5) * v;
        n += v;
      }
    }
  }
  return { x: sx / n, y: sy / n };
}

describe('warpAffine', () => {
  it('reproduces the source under the identity and fills the border as asked', () => {
    const src: RgbImage = { data: Uint8Array.from({ length: 4 * 4 * 3 }, (_, i) => (i * 7) % 256), width: 4, height: 4 };
    expect(warpAffine(src, [1, 0, 0, 0, 1, 0], 4, 4).data).toEqual(src.data);
    const shifted = warpAffine(src, [1, 0, 10, 0, 1, 0], 2, 1, 'replicate');
    expect([...shifted.data.slice(0, 3)]).toEqual([...src.data.slice(9, 12)]); // clamped to the last column
    const mean = warpAffine({ data: new Uint8Array(12).fill(90), width: 2, height: 2 }, [1, 0, 10, 0, 1, 0], 1, 1, 'mean');
    expect([...mean.data]).toEqual([90, 90, 90]);
    const black = warpAffine({ data: new Uint8Array(12).fill(90), width: 2, height: 2 }, [1, 0, 0.75, 0, 1, 0], 2, 1, 'black');
    expect([...black.data]).toEqual([90, 90, 90, 0, 0, 0]); // the second pixel's right tap would fall past the edge
  });
});

describe('alignFace', () => {
  const template = ARCFACE_112_TEMPLATE;
  const targets = [template.points.rightEye, template.points.leftEye, template.points.noseTip, template.points.mouthCenter] as Point[];

  it('puts the keypoints of a rotated, scaled face on the template (small and large sources)', async () => {
    for (const scale of [0.8, 6]) {
      // Place the template points in a photo with a rotation of 25° and this scale.
      const angle = (25 * Math.PI) / 180;
      const place = (p: Point): Point => ({
        x: 300 + scale * ((p.x - 56) * Math.cos(angle) - (p.y - 70) * Math.sin(angle)),
        y: 400 + scale * ((p.x - 56) * Math.sin(angle) + (p.y - 70) * Math.cos(angle)),
      });
      const placed = targets.map(place);
      const landmarks = landmarksAt({ rightEye: placed[0], leftEye: placed[1], noseTip: placed[2], mouthCenter: placed[3] });
      const photo = dots(1200, 1000, placed, 1.6 * scale);
      const crop = await alignFace(photo, landmarks, template);
      expect([crop.width, crop.height]).toEqual([112, 112]);
      // Template coordinates have pixel centres on integers; the crop's (like the photo's) at i + 0.5.
      for (const t of targets) {
        const c = brightCentroid(crop, t.x + 0.5, t.y + 0.5, 5);
        expect(Math.hypot(c.x - (t.x + 0.5), c.y - (t.y + 0.5))).toBeLessThan(0.5);
      }
      // The fitted transform is exact for exact keypoints.
      const m = alignmentTransform(landmarks, template);
      placed.forEach((p, i) => {
        const q = applyAffine(m, p);
        expect(q.x).toBeCloseTo((targets[i] as Point).x + 0.5, 6);
        expect(q.y).toBeCloseTo((targets[i] as Point).y + 0.5, 6);
      });
    }
  });

  it('accepts [x, y] template points (pixel centres on integers)', () => {
    const m1 = alignmentTransform(landmarksAt({ rightEye: { x: 10, y: 10 }, leftEye: { x: 30, y: 12 } }), {
      width: 50,
      height: 50,
      points: { rightEye: [15, 20], leftEye: [35, 20] },
    });
    expect(applyAffine(m1, { x: 10, y: 10 }).x).toBeCloseTo(15.5, 6);
    expect(applyAffine(m1, { x: 30, y: 12 }).y).toBeCloseTo(20.5, 6);
  });

  describe('on a real face', () => {
    let models: FaceDetectorModels;
    beforeAll(async () => {
      await Promise.all([ensureModelBuilt('front'), ensureModelBuilt('back')]);
      models = await openBlazeFaceModels({ intraOpNumThreads: 1 });
    });

    it('aligns Grace Hopper so that a detector finds her eyes where the template puts them', async () => {
      const photo = await decodeRgbImage(join(fixturesDir, 'grace_hopper_512x512.jpg'));
      const [face] = (await detectFaces(photo, models)).faces;
      const crop = await alignFace(photo, face!.landmarks, template, { border: 'mean' });
      const again = (await detectFaces(crop, models)).faces;
      expect(again).toHaveLength(1);
      const lm = again[0]!.landmarks;
      const t = template.points;
      const off = (p: Point, q: Point): number => Math.hypot(p.x - (q.x + 0.5), p.y - (q.y + 0.5));
      expect(off(lm.rightEye, t.rightEye as Point)).toBeLessThan(4);
      expect(off(lm.leftEye, t.leftEye as Point)).toBeLessThan(4);
    });
  });
});
