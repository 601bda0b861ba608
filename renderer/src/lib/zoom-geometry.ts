/**
 * The arithmetic of the photo viewer: the size that fits the photo in the stage, the zoom steps, keeping the photo
 * point under the pointer where it is while zooming, and boxes between photo pixels and the drawn frame.
 */

/** Magnification over the fitted size, at most. */
export const MAX_ZOOM = 8;

export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** A rectangle on screen, as `getBoundingClientRect` gives it. */
export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A box in pixels of the photo (or of the drawn frame). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The largest scale with the photo's proportions that fits the stage, less `padding` on every side. */
export function fitScale(stage: Size, photo: Size, padding: number): number {
  return Math.min((stage.width - 2 * padding) / photo.width, (stage.height - 2 * padding) / photo.height);
}

/** A zoom within 1 (fitted) and MAX_ZOOM. */
export function clampZoom(level: number): number {
  return Math.min(Math.max(level, 1), MAX_ZOOM);
}

/** One step of + or −: twice or half the size. */
export function zoomStep(zoom: number, direction: 1 | -1): number {
  return clampZoom(direction === 1 ? zoom * 2 : zoom / 2);
}

/** A double-click zooms a fitted photo to 2× and any zoomed one back to fit. */
export function toggledZoom(zoom: number): number {
  return zoom === 1 ? 2 : 1;
}

export function centreOf(rect: Rect): Point {
  return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
}

/** Where `point` falls on `frame`, as fractions of its size (0–1 inside it). */
export function fractionAt(frame: Rect, point: Point): Point {
  return { x: (point.x - frame.left) / frame.width, y: (point.y - frame.top) / frame.height };
}

/**
 * How far to scroll so that the photo point at `fraction` of the frame, now laid out at `after`, is back under
 * `point`. Measured on the frame itself, so the stage's padding and centring (which do not scale) are included.
 */
export function scrollToKeep(after: Rect, fraction: Point, point: Point): Point {
  return { x: after.left + fraction.x * after.width - point.x, y: after.top + fraction.y * after.height - point.y };
}

/** The box spanned by two corners of a drag, whichever way it went. */
export function boxFromCorners(a: Point, b: Point): Box {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(b.x - a.x), height: Math.abs(b.y - a.y) };
}

export function scaleBox(box: Box, factor: number): Box {
  return { x: box.x * factor, y: box.y * factor, width: box.width * factor, height: box.height * factor };
}

/** A point inside `rect`, relative to its corner (a pointer dragged outside stays on the edge). */
export function clampToRect(rect: Rect, clientX: number, clientY: number): Point {
  return { x: Math.min(Math.max(clientX - rect.left, 0), rect.width), y: Math.min(Math.max(clientY - rect.top, 0), rect.height) };
}

/** A box as percentages of the photo, so it follows the picture at any drawn size. */
export function boxPercent(box: Box, photo: Size): Box {
  return { x: (box.x / photo.width) * 100, y: (box.y / photo.height) * 100, width: (box.width / photo.width) * 100, height: (box.height / photo.height) * 100 };
}
