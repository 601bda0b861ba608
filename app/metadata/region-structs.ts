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
 * The file's MWG regions were written for an image of another shape (cropped or replaced since): rewriting the list
 * would stamp them with the new `AppliedToDimensions` and make every MWG reader place them wrongly, and dropping them
 * would lose another tool's data. So the file is left as it is and the writer reports this.
 */
export class StaleForeignRegionsError extends Error {
  override name = 'StaleForeignRegionsError';
  constructor(applied: { w: number; h: number }, stored: { width: number; height: number }, count: number) {
    super(
      `${count} region(s) written by another tool for a ${applied.w}×${applied.h} image, but the photo is now ` +
        `${stored.width}×${stored.height} (cropped?): left untouched rather than made to look valid; fix or remove them in that tool`,
    );
  }
}

/** A region another tool wrote that must stay, with its name: it is the subject of an open metadata conflict. */
export interface RegionToKeep {
  name: string;
  /** In pixels of the displayed image, as the conflict recorded it. */
  box: FaceBox;
}

/**
 * Builds MWG Regions and Microsoft People Tagging for `regions`, both relative to the stored image as MWG requires
 * (AppliedToDimensions = the stored size), merged into what the file already has: an existing face region that could
 * be one of ours is replaced (our name is the newer word) unless it is held by an open conflict (`keep`: same name,
 * same face) — then both stay until the user settles it; every other region (other faces, pets, focus areas, Windows'
 * ignored faces) is kept with all its fields. An old region in the displayed frame is moved to the stored one; one in
 * pixel units is rescaled (a pure resize) to normalised units. Throws StaleForeignRegionsError, writing nothing, when
 * the file's MWG regions were written for an image of another shape.
 */
export function buildRegionStructs(
  regions: readonly RegionToWrite[],
  image: DisplayedImage,
  existing: Record<string, unknown>,
  keep: readonly RegionToKeep[] = [],
): RegionStructs {
  const stored = storedSize(image.width, image.height, image.orientation);
  const ours = regions.map((r) => ({ name: r.name, box: r.box, rect: clipToImage(toNormalizedRect(r.box, image.width, image.height)) }));
  const placed = ours.filter((r): r is { name: string; box: FaceBox; rect: NormalizedRect } => r.rect !== null);
  const overlapsOurs = (displayedRect: NormalizedRect): boolean => {
    const box = toPixelBox(displayedRect, image.width, image.height);
    return placed.some((r) => couldBeSameFace(r.box, box));
  };

  const heldByConflict = (name: unknown, displayedRect: NormalizedRect): boolean => {
    const box = toPixelBox(displayedRect, image.width, image.height);
    return keep.some((k) => k.name === name && couldBeSameFace(k.box, box));
  };

  const mwgKept: Record<string, unknown>[] = [];
  const info = asRecord(existing.RegionInfo);
  const appliedRecord = asRecord(info?.AppliedToDimensions);
  const applied = appliedRecord ? { w: Number(appliedRecord.W), h: Number(appliedRecord.H) } : null;
  const frame = regionFrameOf(applied, stored, image.orientation);
  const existingList = asList(info?.RegionList);
  if (frame === 'stale' && existingList.length > 0) throw new StaleForeignRegionsError(applied!, stored, existingList.length);
  for (const entry of existingList) {
    const region = asRecord(entry);
    if (!region) continue;
    const area = asRecord(region.Area);
    const type = typeof region.Type === 'string' ? region.Type.toLowerCase() : 'face';
    const unit = typeof area?.Unit === 'string' ? area.Unit.toLowerCase() : 'normalized';
    const scale = unit === 'pixel' && applied && applied.w > 0 && applied.h > 0 ? applied : unit === 'normalized' ? { w: 1, h: 1 } : null;
    if (!area || !scale) {
      mwgKept.push(region); // nothing we can place: keep it untouched
      continue;
    }
    const rect = clipToImage(fromCentre({ x: Number(area.X) / scale.w, y: Number(area.Y) / scale.h, w: Number(area.W) / scale.w, h: Number(area.H) / scale.h }));
    if (!rect) {
      mwgKept.push(region);
      continue;
    }
    const displayedRect = frame === 'stored' ? storedToDisplayed(rect, image.orientation) : rect;
    if (type === 'face' && overlapsOurs(displayedRect) && !heldByConflict(region.Name, displayedRect)) continue;
    const storedRect = frame === 'stored' ? rect : displayedToStored(rect, image.orientation);
    mwgKept.push(frame === 'stored' && unit === 'normalized' ? region : { ...region, Area: { ...area, ...mwgArea(storedRect) } });
  }

  const mpKept: Record<string, unknown>[] = [];
  for (const entry of asList(asRecord(existing.RegionInfoMP)?.Regions)) {
    const region = asRecord(entry);
    if (!region) continue;
    const n = String(region.Rectangle ?? '').split(',').map((s) => Number(s.trim()));
    const rect = n.length === 4 ? clipToImage({ x: n[0]!, y: n[1]!, w: n[2]!, h: n[3]! }) : null;
    const displayedRect = rect && storedToDisplayed(rect, image.orientation);
    if (displayedRect && overlapsOurs(displayedRect) && !heldByConflict(region.PersonDisplayName, displayedRect)) continue;
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
