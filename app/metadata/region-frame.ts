import { swapsAxes, type Orientation } from './region-geometry.js';

/**
 * Which image a region's normalised coordinates refer to.
 * - `stored`: the pixels as stored, before EXIF orientation. MWG 2.0 §5.9 makes this normative ("A Creator or Changer
 *   MUST express region coordinates, width and height relative to the stored image, prior to the application of the
 *   Exif Orientation tag"); Lightroom, Picasa (JPEG), current digiKam and ExifTool's own region configs follow it.
 * - `displayed`: the image after orientation; written by tools that got it wrong (digiKam before its fix of KDE bugs
 *   372340/395243, Picasa for rotated RAW files). Only recognisable when `AppliedToDimensions` gives it away.
 * - `stale`: `AppliedToDimensions` has an aspect ratio that matches neither, so the image was cropped or replaced
 *   after tagging; MWG says a consumer SHOULD ignore such regions.
 */
export type RegionFrame = 'stored' | 'displayed' | 'stale';

/** Relative aspect-ratio difference still taken as "the same shape" (rounding, RAW sensor margins). */
export const ASPECT_TOLERANCE = 0.03;

const sameShape = (w1: number, h1: number, w2: number, h2: number): boolean =>
  Math.abs(Math.log((w1 / h1) / (w2 / h2))) <= Math.log(1 + ASPECT_TOLERANCE);

/**
 * Reads MWG `AppliedToDimensions` against the stored image's size and orientation. Without usable dimensions the
 * spec's default, the stored image, is assumed. A square image, or an orientation that does not turn the image,
 * cannot tell the frames apart: the spec wins there too.
 */
export function regionFrameOf(
  applied: { w: number; h: number } | null,
  stored: { width: number; height: number },
  orientation: Orientation,
): RegionFrame {
  if (!applied || !(applied.w > 0) || !(applied.h > 0) || !(stored.width > 0) || !(stored.height > 0)) return 'stored';
  if (sameShape(applied.w, applied.h, stored.width, stored.height)) return 'stored';
  if (swapsAxes(orientation) && sameShape(applied.w, applied.h, stored.height, stored.width)) return 'displayed';
  return 'stale';
}
