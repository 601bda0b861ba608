import type { FaceBox } from '../db/face-repository.js';

/**
 * A rectangle in normalised coordinates of some image frame: top-left corner and size as fractions of that frame's
 * width and height (0..1). Which frame (stored pixels or displayed image) is always said by the caller.
 */
export interface NormalizedRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** EXIF orientation, 1..8 (TIFF 6.0 / EXIF 2.3 tag 0x0112). */
export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

/** Clamps anything that is not a valid EXIF orientation to 1 (what viewers do with 0 or garbage). */
export function asOrientation(value: unknown): Orientation {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 8 ? (n as Orientation) : 1;
}

/** Orientations 5..8 swap width and height: the displayed image is the stored one turned a quarter. */
export function swapsAxes(orientation: Orientation): boolean {
  return orientation >= 5;
}

/** Size of the displayed image for a stored image of `width` × `height`. */
export function displayedSize(width: number, height: number, orientation: Orientation): { width: number; height: number } {
  return swapsAxes(orientation) ? { width: height, height: width } : { width, height };
}

/** Size of the stored image for a displayed image of `width` × `height` (the same swap, undone). */
export function storedSize(width: number, height: number, orientation: Orientation): { width: number; height: number } {
  return displayedSize(width, height, orientation);
}

/**
 * Maps a normalised point of the stored image to the displayed image. The EXIF meanings: 2 mirror horizontally,
 * 3 rotate 180°, 4 mirror vertically, 5 transpose, 6 rotate 90° clockwise, 7 transverse, 8 rotate 90° counter-clockwise.
 */
function storedPointToDisplayed(u: number, v: number, orientation: Orientation): [number, number] {
  switch (orientation) {
    case 1:
      return [u, v];
    case 2:
      return [1 - u, v];
    case 3:
      return [1 - u, 1 - v];
    case 4:
      return [u, 1 - v];
    case 5:
      return [v, u];
    case 6:
      return [1 - v, u];
    case 7:
      return [1 - v, 1 - u];
    case 8:
      return [v, 1 - u];
  }
}

/** The orientation whose mapping undoes `orientation`'s (only the two quarter turns are not their own inverse). */
function inverse(orientation: Orientation): Orientation {
  return orientation === 6 ? 8 : orientation === 8 ? 6 : orientation;
}

function mapRect(rect: NormalizedRect, orientation: Orientation): NormalizedRect {
  const [x1, y1] = storedPointToDisplayed(rect.x, rect.y, orientation);
  const [x2, y2] = storedPointToDisplayed(rect.x + rect.w, rect.y + rect.h, orientation);
  return { x: Math.min(x1, x2), y: Math.min(y1, y2), w: Math.abs(x2 - x1), h: Math.abs(y2 - y1) };
}

/** A rectangle of the stored (un-rotated) image, as it lies in the displayed (EXIF-oriented) image. */
export function storedToDisplayed(rect: NormalizedRect, orientation: Orientation): NormalizedRect {
  return mapRect(rect, orientation);
}

/** A rectangle of the displayed image, as it lies in the stored image (what MWG asks writers to record). */
export function displayedToStored(rect: NormalizedRect, orientation: Orientation): NormalizedRect {
  return mapRect(rect, inverse(orientation));
}

/** MWG `stArea` (centre x/y, width, height) to a top-left rectangle. */
export function fromCentre(area: { x: number; y: number; w: number; h: number }): NormalizedRect {
  return { x: area.x - area.w / 2, y: area.y - area.h / 2, w: area.w, h: area.h };
}

/** A top-left rectangle to MWG's centre-based `stArea` values. */
export function toCentre(rect: NormalizedRect): { x: number; y: number; w: number; h: number } {
  return { x: rect.x + rect.w / 2, y: rect.y + rect.h / 2, w: rect.w, h: rect.h };
}

/**
 * What MWG tells a consumer to do with a region that leaves the image: a centre outside [0, 1] means the region is
 * not in this image (null); a box that only spills over the edge is clipped. Empty or non-finite boxes give null.
 */
export function clipToImage(rect: NormalizedRect): NormalizedRect | null {
  const values = [rect.x, rect.y, rect.w, rect.h];
  if (!values.every(Number.isFinite) || rect.w <= 0 || rect.h <= 0) return null;
  const cx = rect.x + rect.w / 2;
  const cy = rect.y + rect.h / 2;
  if (cx < 0 || cx > 1 || cy < 0 || cy > 1) return null;
  const x1 = Math.max(0, rect.x);
  const y1 = Math.max(0, rect.y);
  const x2 = Math.min(1, rect.x + rect.w);
  const y2 = Math.min(1, rect.y + rect.h);
  return { x: x1, y: y1, w: x2 - x1, h: y2 - y1 };
}

/** A normalised rectangle of an image of `width` × `height` pixels, in pixels. */
export function toPixelBox(rect: NormalizedRect, width: number, height: number): FaceBox {
  return { x: rect.x * width, y: rect.y * height, width: rect.w * width, height: rect.h * height };
}

/** A pixel box of an image of `width` × `height` pixels, normalised. */
export function toNormalizedRect(box: FaceBox, width: number, height: number): NormalizedRect {
  return { x: box.x / width, y: box.y / height, w: box.width / width, h: box.height / height };
}
