/** An axis-aligned box; any unit, as long as both boxes share it. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Area shared by two boxes (0 when they do not touch). */
export function intersectionArea(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

const area = (b: Box): number => Math.max(0, b.width) * Math.max(0, b.height);

/** Intersection over union: 1 for the same box, falls fast when sizes differ. */
export function intersectionOverUnion(a: Box, b: Box): number {
  const inter = intersectionArea(a, b);
  const union = area(a) + area(b) - inter;
  return union > 0 ? inter / union : 0;
}

/** Intersection over the smaller box's area: 1 when one box lies inside the other, whatever their sizes. */
export function intersectionOverSmaller(a: Box, b: Box): number {
  const smaller = Math.min(area(a), area(b));
  return smaller > 0 ? intersectionArea(a, b) / smaller : 0;
}

/** Larger area over smaller area (≥ 1; Infinity when one box is empty). */
export function areaRatio(a: Box, b: Box): number {
  const small = Math.min(area(a), area(b));
  return small > 0 ? Math.max(area(a), area(b)) / small : Infinity;
}
