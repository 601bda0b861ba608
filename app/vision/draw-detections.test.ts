import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { detectionsSvg, drawDetections } from './draw-detections.js';
import { FACE_LANDMARK_NAMES, type FaceDetection, type FaceLandmarks } from './face-detection.js';

function detection(): FaceDetection {
  const landmarks = {} as FaceLandmarks;
  FACE_LANDMARK_NAMES.forEach((n, i) => (landmarks[n] = { x: 100 + 10 * i, y: 120 }));
  return { box: { x: 80, y: 60, width: 100, height: 110 }, landmarks, score: 0.93 };
}

describe('detectionsSvg', () => {
  it('draws a box, six keypoints and the score per detection', () => {
    const svg = detectionsSvg([detection(), detection()], 400, 300, 1);
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(12);
    expect(svg).toContain('#1 0.93');
    expect(svg).toContain('#2 0.93');
  });
});

describe('drawDetections', () => {
  it('writes a PNG of the photo with the box drawn on it, shrunk when asked', async () => {
    const width = 400;
    const height = 300;
    const image = { data: new Uint8Array(width * height * 3).fill(30), width, height };
    const dir = mkdtempSync(join(tmpdir(), 'kindred-draw-'));
    const full = join(dir, 'full.png');
    await drawDetections(image, [detection()], full);
    const { data, info } = await sharp(full).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.format]).toEqual([400, 300, 'raw']);
    const px = (x: number, y: number): number[] => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    expect(px(80, 110)).not.toEqual([30, 30, 30]); // on the box's left edge
    expect(px(130, 100)).toEqual([30, 30, 30]); // inside the box, away from keypoints
    expect(px(10, 10)).toEqual([30, 30, 30]);

    const small = join(dir, 'small.png');
    await drawDetections(image, [detection()], small, { maxSide: 200 });
    const meta = await sharp(small).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([200, 150, 'png']);
  });
});
