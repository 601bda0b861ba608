import { describe, expect, it } from 'vitest';
import { generateSsdAnchors } from './blazeface-anchors.js';
import { concatBlazeFaceHeads, decodeBlazeFace, type BlazeFaceRawOutput } from './blazeface-decoder.js';
import { faceDetectorEntries } from './blazeface-specs.js';

const { anchors: anchorOptions, decode } = faceDetectorEntries().front;
const anchors = generateSsdAnchors(anchorOptions);

/** All anchors at logit -10 (score ≈ 0) except those given. */
function rawWith(entries: Array<{ anchor: number; logit: number; coords: number[] }>): BlazeFaceRawOutput {
  const scores = new Float32Array(anchors.length).fill(-10);
  const regressors = new Float32Array(anchors.length * 16);
  for (const e of entries) {
    scores[e.anchor] = e.logit;
    regressors.set(e.coords, e.anchor * 16);
  }
  return { scores, regressors };
}

describe('decodeBlazeFace', () => {
  it('decodes offsets relative to the anchor centre into input pixels (x, y, w, h order)', () => {
    // Anchor 512 is the first stride-16 cell, centred at (8, 8) px of the 128 input.
    const coords = [4, -2, 40, 50, -10, -5, 10, -5, 0, 5, 0, 15, -20, 0, 20, 0];
    const [d, ...rest] = decodeBlazeFace(rawWith([{ anchor: 512, logit: 2, coords }]), anchors, decode, 128, 128);
    expect(rest).toHaveLength(0);
    expect(d?.score).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    expect(d?.box.x).toBeCloseTo(8 + 4 - 20, 4);
    expect(d?.box.y).toBeCloseTo(8 - 2 - 25, 4);
    expect(d?.box.width).toBeCloseTo(40, 4);
    expect(d?.box.height).toBeCloseTo(50, 4);
    expect(d?.landmarks.rightEye).toEqual({ x: expect.closeTo(-2, 4), y: expect.closeTo(3, 4) });
    expect(d?.landmarks.leftEye).toEqual({ x: expect.closeTo(18, 4), y: expect.closeTo(3, 4) });
    expect(d?.landmarks.noseTip).toEqual({ x: expect.closeTo(8, 4), y: expect.closeTo(13, 4) });
    expect(d?.landmarks.mouthCenter).toEqual({ x: expect.closeTo(8, 4), y: expect.closeTo(23, 4) });
    expect(d?.landmarks.rightEar.x).toBeCloseTo(-12, 4);
    expect(d?.landmarks.leftEar.x).toBeCloseTo(28, 4);
  });

  it('scales normalised coordinates to the given input size', () => {
    const coords = [0, 0, 64, 64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const [d] = decodeBlazeFace(rawWith([{ anchor: 0, logit: 3, coords }]), anchors, decode, 256, 256);
    // Anchor 0 centre (4, 4) of 128 → (8, 8) of 256; a 64/128 box → 128 px.
    expect(d?.box.width).toBeCloseTo(128, 4);
    expect(d?.box.x).toBeCloseTo(8 - 64, 4);
  });

  it('drops scores under the threshold and boxes with negative size; clips logits before the sigmoid', () => {
    const raw = rawWith([
      { anchor: 10, logit: -0.1, coords: [0, 0, 10, 10, ...new Array<number>(12).fill(0)] }, // 0.475 < 0.5
      { anchor: 20, logit: 5, coords: [0, 0, -10, 10, ...new Array<number>(12).fill(0)] }, // negative width
      { anchor: 30, logit: 1e6, coords: [0, 0, 10, 10, ...new Array<number>(12).fill(0)] },
    ]);
    const out = decodeBlazeFace(raw, anchors, { ...decode, scoreClippingThresh: 1 }, 128, 128);
    expect(out).toHaveLength(1);
    expect(out[0]?.score).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);
  });

  it('reads y, x, h, w order when reverseOutputOrder is false', () => {
    const coords = [4, -2, 40, 50, ...new Array<number>(12).fill(0)];
    const [d] = decodeBlazeFace(rawWith([{ anchor: 512, logit: 2, coords }]), anchors, { ...decode, reverseOutputOrder: false }, 128, 128);
    expect(d?.box.width).toBeCloseTo(50, 4);
    expect(d?.box.height).toBeCloseTo(40, 4);
    expect(d!.box.x + d!.box.width / 2).toBeCloseTo(8 - 2, 4);
  });

  it('rejects inconsistent options and tensors', () => {
    const raw = rawWith([]);
    expect(() => decodeBlazeFace(raw, anchors.slice(1), decode, 128, 128)).toThrow(/anchors/);
    expect(() => decodeBlazeFace(raw, anchors, { ...decode, keypoints: ['rightEye', 'leftEye'] }, 128, 128)).toThrow(/six/);
    expect(() => decodeBlazeFace(raw, anchors, { ...decode, keypoints: [...decode.keypoints.slice(0, 5), 'chin'] }, 128, 128)).toThrow(/chin/);
  });
});

describe('concatBlazeFaceHeads', () => {
  it('splits score and regressor heads by their last dimension and keeps their order', () => {
    const s1 = { name: 'Identity:0', dims: [1, 2, 1], data: Float32Array.from([1, 2]) };
    const s2 = { name: 'Identity_1:0', dims: [1, 1, 1], data: Float32Array.from([3]) };
    const r1 = { name: 'Identity_2:0', dims: [1, 2, 16], data: new Float32Array(32).fill(1) };
    const r2 = { name: 'Identity_3:0', dims: [1, 1, 16], data: new Float32Array(16).fill(2) };
    const out = concatBlazeFaceHeads([s1, s2, r1, r2], 16);
    expect([...out.scores]).toEqual([1, 2, 3]);
    expect(out.regressors).toHaveLength(48);
    expect(out.regressors[31]).toBe(1);
    expect(out.regressors[32]).toBe(2);
  });

  it('refuses heads that do not pair up', () => {
    const s = { name: 's', dims: [1, 2, 1], data: new Float32Array(2) };
    const r = { name: 'r', dims: [1, 3, 16], data: new Float32Array(48) };
    expect(() => concatBlazeFaceHeads([s, r], 16)).toThrow(/does not match/);
    expect(() => concatBlazeFaceHeads([s], 16)).toThrow(/matching/);
  });
});
