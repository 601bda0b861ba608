import { describe, expect, it } from 'vitest';
import { DLIB_CHIP_POINTS, DLIB_MEAN_FACE_X, DLIB_MEAN_FACE_Y, dlibChipTransform } from './dlib-face-chip.js';
import { applyAffine } from './similarity-transform.js';

/** dlib's mean face (points 17..67; 0..16, the jaw, are not part of it) at a scale, rotation and offset in a photo. */
function meanFaceInPhoto(scale: number, angle: number, dx: number, dy: number) {
  return Array.from({ length: 68 }, (_, i) => {
    if (i < 17) return { x: -999, y: -999 }; // never used by the chip
    const x = DLIB_MEAN_FACE_X[i - 17]!;
    const y = DLIB_MEAN_FACE_Y[i - 17]!;
    return { x: dx + scale * (Math.cos(angle) * x - Math.sin(angle) * y), y: dy + scale * (Math.sin(angle) * x + Math.cos(angle) * y) };
  });
}

describe('dlibChipTransform', () => {
  it('fits on dlib’s 33 points: the nose, the eyes and the upper lip', () => {
    expect(DLIB_CHIP_POINTS.length).toBe(33);
    expect(DLIB_CHIP_POINTS).toContain(27);
    expect(DLIB_CHIP_POINTS).toContain(64);
    for (const excluded of [17, 26, 55, 59, 65, 67]) expect(DLIB_CHIP_POINTS).not.toContain(excluded);
  });

  it('puts a mean-shaped face, turned and scaled, exactly where get_face_chip_details(150, 0.25) does', () => {
    const face = meanFaceInPhoto(220, 0.3, 400, 150);
    const m = dlibChipTransform(face, 150, 0.25);
    for (const i of [30, 36, 45, 48, 54]) {
      const p = applyAffine(m, face[i]!);
      // (padding + p) / (2 padding + 1) · size, pixel centres at i + 0.5.
      expect(p.x).toBeCloseTo(((0.25 + DLIB_MEAN_FACE_X[i - 17]!) / 1.5) * 150 + 0.5, 6);
      expect(p.y).toBeCloseTo(((0.25 + DLIB_MEAN_FACE_Y[i - 17]!) / 1.5) * 150 + 0.5, 6);
    }
  });

  it('ignores the jaw and the eyebrows', () => {
    const face = meanFaceInPhoto(100, 0, 50, 50);
    const moved = face.map((p, i) => (i <= 26 ? { x: p.x + 40, y: p.y - 30 } : p));
    expect(dlibChipTransform(moved, 150, 0.25)).toEqual(dlibChipTransform(face, 150, 0.25));
  });

  it('needs 68 points', () => {
    expect(() => dlibChipTransform([{ x: 0, y: 0 }], 150, 0.25)).toThrow(/68 landmarks/);
  });
});
