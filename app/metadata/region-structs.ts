import type { FaceBox } from '../db/face-repository.js';
import type { DisplayedImage } from './face-region-reader.js';
import { regionFrameOf } from './region-frame.js';
import {
  clipToImage,
  displayedToStored,
  fromCentre,
  storedSize,
  storedToDisplayed,
  toCentre,
  toNormalizedRect,
  toPixelBox,
  type NormalizedRect,
} from './region-geometry.js';
import { couldBeSameFace } from './region-matching.js';

/** A named face to write, as a pixel box of the displayed image. */
export interface RegionToWrite {
  name: string;
  box: FaceBox;
}

/** The two structures Kindred writes, in ExifTool's `-struct` shape. */
export interface RegionStructs {
  RegionInfo: { AppliedToDimensions: { W: number; H: number; Unit: 'pixel' }; RegionList: Record<string, unknown>[] };
  RegionInfoMP: { Regions: Record<string, unknown>[] };
}

/** 7 decimals: a tenth of a pixel on a 100-megapixel image, and what Picasa and ExifTool's configs write. */
const round = (v: number): number => Math.round(v * 1e7) / 1e7;

/**
 * Builds MWG Regions and Microsoft People Tagging for `regions`, both relative to the stored image as MWG requires
 * (AppliedToDimensions = the stored size), merged into what the file already has: an existing face region that could
 * be one of ours is replaced (our name is the newer word); every other region (other faces, pets, focus areas,
 * Windows' ignored faces) is kept with all its fields. An old region in the displayed frame is moved to the stored one.
 */
export function buildRegionStructs(regions: readonly RegionToWrite[], image: DisplayedImage, existing: Record<string, unknown>): RegionStructs {
  const stored = storedSize(image.width, image.height, image.orientation);
  const ours = regions.map((r) => ({ name: r.name, box: r.box, rect: clipToImage(toNormalizedRect(r.box, image.width, image.height)) }));
  const placed = ours.filter((r): r is { name: string; box: FaceBox; rect: NormalizedRect } => r.rect !== null);
  const overlapsOurs = (displayedRect: NormalizedRect): boolean => {
    const box = toPixelBox(displayedRect, image.width, image.height);
    return placed.some((r) => couldBeSameFace(r.box, box));
  };

  const mwgKept: Record<string, unknown>[] = [];
  const info = asRecord(existing.RegionInfo);
  const applied = asRecord(info?.AppliedToDimensions);
  const frame = regionFrameOf(applied ? { w: Number(applied.W), h: Number(applied.H) } : null, stored, image.orientation);
  for (const entry of asList(info?.RegionList)) {
    const region = asRecord(entry);
    if (!region) continue;
    const area = asRecord(region.Area);
    const type = typeof region.Type === 'string' ? region.Type.toLowerCase() : 'face';
    const unit = typeof area?.Unit === 'string' ? area.Unit.toLowerCase() : 'normalized';
    if (!area || type !== 'face' || frame === 'stale' || unit !== 'normalized') {
      mwgKept.push(region); // nothing we can compare: keep it untouched
      continue;
    }
    const rect = clipToImage(fromCentre({ x: Number(area.X), y: Number(area.Y), w: Number(area.W), h: Number(area.H) }));
    if (!rect) {
      mwgKept.push(region);
      continue;
    }
    const displayedRect = frame === 'stored' ? storedToDisplayed(rect, image.orientation) : rect;
    if (overlapsOurs(displayedRect)) continue;
    mwgKept.push(frame === 'stored' ? region : { ...region, Area: { ...area, ...mwgArea(displayedToStored(rect, image.orientation)) } });
  }

  const mpKept: Record<string, unknown>[] = [];
  for (const entry of asList(asRecord(existing.RegionInfoMP)?.Regions)) {
    const region = asRecord(entry);
    if (!region) continue;
    const n = String(region.Rectangle ?? '').split(',').map((s) => Number(s.trim()));
    const rect = n.length === 4 ? clipToImage({ x: n[0]!, y: n[1]!, w: n[2]!, h: n[3]! }) : null;
    if (rect && overlapsOurs(storedToDisplayed(rect, image.orientation))) continue;
    mpKept.push(region);
  }

  const storedRects = placed.map((r) => ({ name: r.name, rect: displayedToStored(r.rect, image.orientation) }));
  return {
    RegionInfo: {
      AppliedToDimensions: { W: stored.width, H: stored.height, Unit: 'pixel' },
      RegionList: [...mwgKept, ...storedRects.map((r) => ({ Area: mwgArea(r.rect), Name: r.name, Type: 'Face' }))],
    },
    RegionInfoMP: {
      Regions: [...mpKept, ...storedRects.map((r) => ({ PersonDisplayName: r.name, Rectangle: [r.rect.x, r.rect.y, r.rect.w, r.rect.h].map(round).join(', ') }))],
    },
  };
}

function mwgArea(rect: NormalizedRect): { X: number; Y: number; W: number; H: number; Unit: 'normalized' } {
  const c = toCentre(rect);
  return { X: round(c.x), Y: round(c.y), W: round(c.w), H: round(c.h), Unit: 'normalized' };
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function asList(value: unknown): unknown[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}
