import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../app/shared/model-manifest.js';
import { dlibChipTemplate, meanShapePointInChip } from './dlib-face-template.js';

describe('dlib face-chip template', () => {
  it('maps the mean shape with (padding + p) / (2 padding + 1) * size', () => {
    // Point 30 (nose tip) is (0.490127, 0.515625) in dlib's mean shape: (0.25 + p) * 100 on a 150 px chip.
    const [x, y] = meanShapePointInChip(30, 150, 0.25);
    expect(x).toBeCloseTo(74.0127, 4);
    expect(y).toBeCloseTo(76.5625, 4);
    expect(meanShapePointInChip(30, 200, 0)).toEqual([0.490127 * 200, 0.515625 * 200]);
    expect(() => meanShapePointInChip(16, 150, 0.25)).toThrow(/17\.\.67/);
  });

  it('is symmetric about the chip\'s vertical midline as dlib\'s mean face is', () => {
    const t = dlibChipTemplate();
    expect(t.points.rightEye[1]).toBeCloseTo(t.points.leftEye[1], 6);
    const mid = (t.points.rightEye[0] + t.points.leftEye[0]) / 2;
    expect(t.points.noseTip[0]).toBeCloseTo(mid, 2);
    expect(t.points.mouthCenter[0]).toBeCloseTo(mid, 2);
  });

  it('is what the manifest records for dlib-resnet-128', () => {
    const entry = loadManifest().models.find((m) => m.id === 'dlib-resnet-128');
    expect(entry?.role).toBe('embedder');
    if (entry?.role !== 'embedder') return;
    expect(entry.alignment).toEqual(dlibChipTemplate(150, 0.25));
    expect(entry.input.width).toBe(entry.alignment.width);
  });
});
