import { describe, expect, it } from 'vitest';
import { generateSsdAnchors, type BlazeFaceAnchorOptions } from './blazeface-anchors.js';
import { faceDetectorEntries } from './blazeface-specs.js';

const detectors = faceDetectorEntries();
const front = detectors.front.anchors;

describe('generateSsdAnchors', () => {
  it('gives 16×16×2 + 8×8×6 = 896 unit-size anchors for BlazeFace front-128, in MediaPipe order', () => {
    const anchors = generateSsdAnchors(front);
    expect(anchors).toHaveLength(896);
    // Layer 0 (stride 8): two anchors per cell of a 16×16 grid, rows first.
    expect(anchors[0]).toEqual({ xCenter: 0.5 / 16, yCenter: 0.5 / 16, width: 1, height: 1 });
    expect(anchors[1]).toEqual(anchors[0]);
    expect(anchors[2]?.xCenter).toBeCloseTo(1.5 / 16, 12);
    expect(anchors[32]?.yCenter).toBeCloseTo(1.5 / 16, 12);
    expect(anchors[511]).toEqual({ xCenter: 15.5 / 16, yCenter: 15.5 / 16, width: 1, height: 1 });
    // Layers 1–3 share stride 16: six anchors per cell of an 8×8 grid.
    expect(anchors[512]).toEqual({ xCenter: 0.5 / 8, yCenter: 0.5 / 8, width: 1, height: 1 });
    expect(anchors[517]).toEqual(anchors[512]);
    expect(anchors[518]?.xCenter).toBeCloseTo(1.5 / 8, 12);
    expect(anchors[895]).toEqual({ xCenter: 7.5 / 8, yCenter: 7.5 / 8, width: 1, height: 1 });
  });

  it('gives the same 896-anchor layout for back-256 (strides 16 and 32 on a 256 input)', () => {
    const back = generateSsdAnchors(detectors.back.anchors);
    expect(back).toEqual(generateSsdAnchors(front));
  });

  it('computes MediaPipe scales when anchors are not fixed-size', () => {
    const options: BlazeFaceAnchorOptions = { ...front, fixedAnchorSize: false };
    const anchors = generateSsdAnchors(options);
    const scale = (i: number): number => 0.1484375 + ((0.75 - 0.1484375) * i) / 3;
    // Layer 0: its own scale, then the interpolated one sqrt(s0·s1).
    expect(anchors[0]?.width).toBeCloseTo(scale(0), 6);
    expect(anchors[1]?.width).toBeCloseTo(Math.sqrt(scale(0) * scale(1)), 6);
    // Merged layers 1–3: s1, √(s1 s2), s2, √(s2 s3), s3, √(s3 · 1).
    const cell = anchors.slice(512, 518).map((a) => a.width);
    const expected = [scale(1), Math.sqrt(scale(1) * scale(2)), scale(2), Math.sqrt(scale(2) * scale(3)), scale(3), Math.sqrt(scale(3))];
    cell.forEach((w, i) => expect(w).toBeCloseTo(expected[i] as number, 6));
  });

  it('honours aspect ratios and the reduced lowest layer', () => {
    const options: BlazeFaceAnchorOptions = {
      ...front,
      fixedAnchorSize: false,
      aspectRatios: [1, 2],
      interpolatedScaleAspectRatio: 0,
      reduceBoxesInLowestLayer: true,
    };
    const anchors = generateSsdAnchors(options);
    // Lowest layer: ratios 1, 2, 0.5 with scales 0.1, s0, s0 → 3 per cell; merged layers: 3 × 2 ratios = 6 per cell.
    expect(anchors).toHaveLength(16 * 16 * 3 + 8 * 8 * 6);
    expect(anchors[0]?.width).toBeCloseTo(0.1, 6);
    expect(anchors[1]?.width).toBeCloseTo(0.1484375 * Math.SQRT2, 6);
    expect(anchors[1]?.height).toBeCloseTo(0.1484375 / Math.SQRT2, 6);
  });

  it('rejects options whose strides do not match the layers', () => {
    expect(() => generateSsdAnchors({ ...front, strides: [8, 16] })).toThrow(/strides/);
  });
});
