/**
 * How open a face's eyes are, from the landmark net's 68 points (iBUG order: 36–41 the subject's right eye, 42–47
 * the left, each from the outer corner clockwise; 0–16 the jaw line; 30 the nose tip).
 *
 * Per eye, the eye aspect ratio of Soukupová & Čech (2016, "Real-time eye blink detection using facial landmarks"):
 * the two lid-to-lid heights over twice the corner-to-corner width. It does not depend on the face's size or roll.
 * The two eyes are averaged weighted by their widths: the nearer, wider eye is the better measured one, and a blink
 * closes both (a wink gives a value between).
 *
 * A turned face foreshortens the eyes' widths (the ratio grows) and the net places the far eye's lids badly, so beyond
 * MAX_EYE_YAW the face is not measured (null).
 */
import type { Point } from './face-detection.js';

/**
 * Turn (see `landmarkYaw`) beyond which eye openness is not measured. Measured on cfp: frontal photos 99% below 0.19,
 * profile photos 5% below 0.43 and 25% below 0.54, where the ratios swell (median 0.35 and up to 1.2 against 0.285
 * frontal) as the far eye's points land on the nose; celeb5's three-quarter views at 0.3–0.45 still read 0.27–0.33.
 */
export const MAX_EYE_YAW = 0.45;

const distance = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);

/** The eye aspect ratio of one eye's six points (corner, two upper lid, corner, two lower lid), and its width. */
export function eyeAspectRatio(eye: readonly Point[]): { ratio: number; width: number } {
  if (eye.length !== 6) throw new Error(`eyeAspectRatio: expected 6 points, got ${eye.length}`);
  const [p0, p1, p2, p3, p4, p5] = eye as [Point, Point, Point, Point, Point, Point];
  const width = distance(p0, p3);
  return { ratio: width > 0 ? (distance(p1, p5) + distance(p2, p4)) / (2 * width) : 0, width };
}

/**
 * Signed turn of the face from the 68 points: the nose tip's offset from the jaw line's ends, (dRight − dLeft) /
 * (dRight + dLeft), 0 frontal, ±1 when the nose tip lies on one end of the jaw (full profile); sin(yaw) on a round head.
 */
export function landmarkYaw(points: readonly Point[]): number {
  const nose = points[30]!;
  const right = distance(nose, points[0]!);
  const left = distance(nose, points[16]!);
  return right + left > 0 ? (right - left) / (right + left) : 0;
}

/** Eye openness of a face (the mean eye aspect ratio, weighted by eye width), or null when turned beyond MAX_EYE_YAW. */
export function eyeOpenness(points: readonly Point[]): number | null {
  if (points.length !== 68) throw new Error(`eyeOpenness: expected 68 points, got ${points.length}`);
  if (Math.abs(landmarkYaw(points)) > MAX_EYE_YAW) return null;
  const right = eyeAspectRatio(points.slice(36, 42));
  const left = eyeAspectRatio(points.slice(42, 48));
  const widths = right.width + left.width;
  if (widths <= 0) return null;
  return (right.ratio * right.width + left.ratio * left.width) / widths;
}
