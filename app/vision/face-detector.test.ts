import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHARED_FACES_SKIP, fixturesDir, sharedFacesDir } from '../testing/shared-faces.js';
import { ensureModelBuilt } from '../../native-models/model-build.js';
import { openBlazeFaceModels } from './blazeface-specs.js';
import { DEFAULT_PLAN_OPTIONS, planDetectionRuns } from './detection-plan.js';
import type { Box, FaceDetection } from './face-detection.js';
import { detectFaces, mapRunDetections, type FaceDetectorModels } from './face-detector.js';
import { decodeRgbImage, resizeRgbImage, type RgbImage } from './rgb-image.js';

let models: FaceDetectorModels;
beforeAll(async () => {
  await Promise.all([ensureModelBuilt('front'), ensureModelBuilt('back')]);
  models = await openBlazeFaceModels({ intraOpNumThreads: 1 });
});

function contains(box: Box, x: number, y: number): boolean {
  return x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height;
}

/** Keypoints in plausible places for an upright face: inside the box, eyes above nose above mouth. */
function expectUprightLandmarks(face: FaceDetection): void {
  const { box, landmarks: l } = face;
  for (const p of [l.rightEye, l.leftEye, l.noseTip, l.mouthCenter]) expect(contains(box, p.x, p.y)).toBe(true);
  expect(l.rightEye.x).toBeLessThan(l.leftEye.x);
  expect(Math.max(l.rightEye.y, l.leftEye.y)).toBeLessThan(l.noseTip.y);
  expect(l.noseTip.y).toBeLessThan(l.mouthCenter.y);
  expect(Math.max(l.rightEye.y, l.leftEye.y)).toBeLessThan(box.y + box.height * 0.55);
}

describe('mapRunDetections', () => {
  it('keeps trusted sizes, drops faces cut by an inner tile edge and maps to photo pixels', () => {
    const run = planDetectionRuns(1000, 750).find((r) => r.tile && r.left > 0 && r.top === 0);
    expect(run).toBeDefined();
    const face = (x: number, width: number): FaceDetection => {
      const p = { x: x + width / 2, y: 50 };
      return { box: { x, y: 30, width, height: width }, landmarks: { rightEye: p, leftEye: p, noseTip: p, mouthCenter: p, rightEar: p, leftEar: p }, score: 0.9 };
    };
    const out = mapRunDetections(run!, [face(100, 30), face(-5, 30), face(100, 8), face(100, 120)], 1000, 750);
    expect(out).toHaveLength(1);
    const s = 1000 / run!.scaledWidth;
    expect(out[0]?.box.x).toBeCloseTo((100 + run!.left) * s, 6);
    expect(out[0]?.box.width).toBeCloseTo(30 * s, 6);
  });
});

describe('mapRunDetections of the mirrored run', () => {
  it('keeps only faces that cross the frame with at least 40% of the box inside', () => {
    const run = planDetectionRuns(1000, 750).find((r) => r.mirrored)!;
    // The photo spans window pixels [left', left' + scaledWidth) where left' = -run.left.
    const x0 = -run.left;
    const x1 = x0 + run.scaledWidth;
    const y = -run.top + 40;
    const face = (x: number, width: number): FaceDetection => {
      const p = { x: x + width / 2, y: y + 10 };
      return { box: { x, y, width, height: width }, landmarks: { rightEye: p, leftEye: p, noseTip: p, mouthCenter: p, rightEar: p, leftEar: p }, score: 0.9 };
    };
    const inside = face(x0 + 50, 30);
    const cutRight = face(x1 - 15, 30); // half inside
    const mostlyOutside = face(x1 - 9, 30); // 30% inside: a reflection
    const outside = face(x1 + 5, 30);
    expect(mapRunDetections(run, [inside, cutRight, mostlyOutside, outside], 1000, 750)).toHaveLength(1);
    expect(mapRunDetections(run, [cutRight], 1000, 750)[0]!.box.x).toBeCloseTo(1000 - 15 * (1000 / run.scaledWidth), 6);
  });
});

describe('detectFaces on the public fixtures', () => {
  it('finds exactly one face in astronaut.png and grace_hopper_512x512.jpg, with upright keypoints', async () => {
    for (const [file, centre] of [['astronaut.png', [225, 125]], ['grace_hopper_512x512.jpg', [265, 225]]] as const) {
      const result = await detectFaces(await decodeRgbImage(join(fixturesDir, file)), models);
      expect(result.faces, file).toHaveLength(1);
      const [face] = result.faces;
      expect(contains(face!.box, centre[0], centre[1]), file).toBe(true);
      expect(face!.score).toBeGreaterThan(0.8);
      expectUprightLandmarks(face!);
    }
  });

  it('finds the cameraman’s small face in camera.png (grayscale)', async () => {
    const { faces } = await detectFaces(await decodeRgbImage(join(fixturesDir, 'camera.png')), models);
    expect(faces).toHaveLength(1);
    expect(contains(faces[0]!.box, 222, 160)).toBe(true);
    expect(faces[0]!.box.width).toBeLessThan(100);
  });

  it('finds no face in coffee.png or hubble_deep_field.jpg', async () => {
    for (const file of ['coffee.png', 'hubble_deep_field.jpg']) {
      const { faces } = await detectFaces(await decodeRgbImage(join(fixturesDir, file)), models);
      expect(faces, file).toEqual([]);
    }
  });

  it('finds small faces scattered over a large photo (tiles) and a face that fills the frame (padding)', async () => {
    // A 1600×1280 grey canvas holding copies of the two portraits shrunk so that their faces are 28–96 px wide.
    const sources = [
      { image: await decodeRgbImage(join(fixturesDir, 'grace_hopper_512x512.jpg')), face: [162, 123, 204] },
      { image: await decodeRgbImage(join(fixturesDir, 'astronaut.png')), face: [175, 76, 102] },
    ] as const;
    const W = 1600;
    const H = 1280;
    const canvas: RgbImage = { data: new Uint8Array(W * H * 3).fill(90), width: W, height: H };
    const truth: Box[] = [];
    let x = 20;
    let y = 20;
    let rowHeight = 0;
    for (const [i, faceWidth] of [28, 28, 36, 36, 48, 48, 64, 64, 96, 96].entries()) {
      const src = sources[i % 2]!;
      const side = Math.round((faceWidth / src.face[2]) * 512);
      const copy = await resizeRgbImage(src.image, side, side);
      if (x + side > W - 20) [x, y, rowHeight] = [20, y + rowHeight + 40, 0];
      for (let r = 0; r < side; r++) canvas.data.set(copy.data.subarray(r * side * 3, (r + 1) * side * 3), ((y + r) * W + x) * 3);
      const k = side / 512;
      truth.push({ x: x + src.face[0] * k, y: y + src.face[1] * k, width: faceWidth, height: faceWidth });
      [x, rowHeight] = [x + side + 40, Math.max(rowHeight, side)];
    }
    const result = await detectFaces(canvas, models);
    expect(result.runs).toBeLessThanOrEqual(60);
    for (const t of truth) {
      const found = result.faces.some((f) => contains(f.box, t.x + t.width / 2, t.y + t.height / 2));
      expect(found, `face of ${t.width} px at (${Math.round(t.x)}, ${Math.round(t.y)})`).toBe(true);
    }
    expect(result.faces).toHaveLength(truth.length);

    // Grace Hopper's face cropped to fill the whole frame.
    const grace = sources[0].image;
    const tight: RgbImage = { data: new Uint8Array(200 * 200 * 3), width: 200, height: 200 };
    for (let r = 0; r < 200; r++) tight.data.set(grace.data.subarray(((130 + r) * 512 + 165) * 3, ((130 + r) * 512 + 365) * 3), r * 200 * 3);
    const close = await detectFaces(tight, models);
    expect(close.faces).toHaveLength(1);
    expectUprightLandmarks(close.faces[0]!);
  });

  it('finds a face cut by the frame, which only the mirrored run sees whole', async () => {
    // Grace Hopper's portrait cut through her face: the photo's right edge runs between her eyes' midpoint and her
    // left eye, so 40% of the face is gone (face box x 162–366 in the 512-px original).
    const grace = await decodeRgbImage(join(fixturesDir, 'grace_hopper_512x512.jpg'));
    const keep = 285;
    const cut: RgbImage = { data: new Uint8Array(keep * 512 * 3), width: keep, height: 512 };
    for (let r = 0; r < 512; r++) cut.data.set(grace.data.subarray(r * 512 * 3, (r * 512 + keep) * 3), r * keep * 3);
    const plain = await detectFaces(cut, models, { plan: { ...DEFAULT_PLAN_OPTIONS, mirroredFactor: 0 } });
    const mirrored = await detectFaces(cut, models);
    expect(plain.faces).toHaveLength(0);
    expect(mirrored.faces).toHaveLength(1);
    expect(contains(mirrored.faces[0]!.box, 240, 230)).toBe(true);
  });
});

/**
 * Faces a person would tag in each group photo, counted by eye; each entry is a point inside the face (original
 * pixels) and the detector must return a box containing it. `hard` faces are cut by the photo's edge: counted, but
 * BlazeFace scores them under 0.55 and they are not required.
 */
const GROUPS: Record<string, { faces: Array<[number, number]>; hard?: Array<[number, number]> }> = {
  // Brad Pitt and Angelina Jolie, close-up, both frontal.
  'deepface/couple.jpg': { faces: [[625, 990], [1685, 780]] },
  // One woman, portrait (no reflection visible despite the name).
  'deepface/img11_reflection.jpg': { faces: [[610, 585]] },
  // Elevator selfie: 4 whole faces, plus the man with glasses (top right), the woman at the bottom left and the
  // selfie-taker (bottom right), each cut by the frame.
  'deepface/selfie-many-people.jpg': {
    faces: [[30, 310], [145, 380], [260, 195], [430, 215]],
    hard: [[565, 165], [30, 470], [545, 440]],
  },
  // Four men on a sofa, frontal.
  'faceapi/bbt1.jpg': { faces: [[260, 200], [520, 225], [785, 205], [1050, 155]] },
  // Cafeteria: two men in front, one young man (out of focus) at the left edge; the three people in the background
  // show the back of their heads.
  'faceapi/bbt2.jpg': { faces: [[25, 130], [130, 185], [425, 180]] },
  // Five cast members on a red carpet.
  'faceapi/bbt3.jpg': { faces: [[65, 70], [180, 130], [280, 135], [395, 145], [520, 140]] },
  // Six cast members, two rows.
  'faceapi/bbt4.jpg': { faces: [[105, 325], [120, 85], [275, 105], [295, 290], [515, 245], [615, 125]] },
  // Five cast members, promotional photo.
  'faceapi/bbt5.jpg': { faces: [[150, 220], [255, 95], [485, 210], [615, 110], [760, 165]] },
  // Three women in costume, one with her head tilted ~45°.
  'vladmandic_face_api/sample1.jpg': { faces: [[515, 500], [940, 555], [1565, 340]] },
  // Three women on a sofa: one in near-profile, one looking down.
  'vladmandic_face_api/sample2.jpg': { faces: [[455, 295], [980, 365], [1555, 295]] },
  // Three women at a bar.
  'vladmandic_face_api/sample3.jpg': { faces: [[690, 485], [1185, 385], [1575, 460]] },
  // Four women posing, heads tilted.
  'vladmandic_face_api/sample4.jpg': { faces: [[325, 335], [760, 210], [1080, 325], [1370, 295]] },
  // Five women on a staircase.
  'vladmandic_face_api/sample5.jpg': { faces: [[465, 1045], [670, 560], [860, 245], [1205, 350], [1525, 545]] },
  // Four women by a window.
  'vladmandic_face_api/sample6.jpg': { faces: [[350, 650], [780, 500], [1265, 465], [1590, 435]] },
};

describe.skipIf(!sharedFacesDir)(`detectFaces on ../shared/faces${sharedFacesDir ? '' : ` (${SHARED_FACES_SKIP})`}`, () => {
  const root = sharedFacesDir ?? '';

  it('covers every group photo in the folder', () => {
    const files = readdirSync(join(root, 'groups')).flatMap((d) => readdirSync(join(root, 'groups', d)).map((f) => `${d}/${f}`));
    expect(files.sort()).toEqual(Object.keys(GROUPS).sort());
  });

  it('finds every face counted by eye in the group photos, with at most one extra per photo', async () => {
    for (const [file, expected] of Object.entries(GROUPS)) {
      const { faces } = await detectFaces(await decodeRgbImage(join(root, 'groups', file)), models);
      for (const [x, y] of expected.faces) {
        expect(faces.some((f) => contains(f.box, x, y)), `${file}: face at (${x}, ${y})`).toBe(true);
      }
      const unexplained = faces.filter((f) => ![...expected.faces, ...(expected.hard ?? [])].some(([x, y]) => contains(f.box, x, y)));
      expect(unexplained.length, `${file}: extra detections`).toBeLessThanOrEqual(1);
      expect(faces.length, `${file}: one detection per face`).toBeLessThanOrEqual(expected.faces.length + (expected.hard?.length ?? 0) + 1);
    }
  });

  it('finds exactly one face in nearly every celeb5 portrait and bbt tight crop', async () => {
    for (const [set, step] of [['celeb5', 3], ['bbt', 1]] as const) {
      const files = readdirSync(join(root, set)).flatMap((p) => readdirSync(join(root, set, p)).map((f) => join(root, set, p, f)));
      const sample = files.filter((_, i) => i % step === 0);
      let exactlyOne = 0;
      for (const file of sample) {
        const { faces } = await detectFaces(await decodeRgbImage(file), models);
        if (faces.length === 1) exactlyOne++;
      }
      // Measured: 118/118 celeb5 and 40/40 bbt.
      expect(exactlyOne / sample.length, set).toBeGreaterThanOrEqual(0.95);
    }
  });
});
