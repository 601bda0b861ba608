import { intersectionOverUnion } from './box-overlap.js';
import { regionFrameOf } from './region-frame.js';
import { clipToImage, fromCentre, storedToDisplayed, type NormalizedRect, type Orientation } from './region-geometry.js';

/** The metadata dialect a region came from. */
export type RegionFormat = 'mwg' | 'mp' | 'iptc';

/** A face region from metadata, in normalised coordinates of the displayed image, clipped to it. */
export interface ParsedRegion {
  format: RegionFormat;
  /** The person's name, or null for a face region nobody named. */
  name: string | null;
  rect: NormalizedRect;
  /** The frame the file's coordinates were in (all are converted to the displayed image). */
  frame: 'stored' | 'displayed';
}

/** Face regions and name-only person tags found in one metadata source. */
export interface ParsedFaceTags {
  regions: ParsedRegion[];
  /** People named with no usable region (PersonInImage, People/ keywords, regions without area or gone stale). */
  names: string[];
  warnings: string[];
}

/** What the parser needs to know about the image the metadata describes. */
export interface ImageGeometry {
  /** Stored (un-rotated) size in pixels. */
  storedWidth: number;
  storedHeight: number;
  orientation: Orientation;
}

export interface ParseOptions {
  /** Keyword roots under which people are filed: digiKam `People/Ann`, Lightroom `People|Ann`. */
  peopleTagRoots?: readonly string[];
}

export const DEFAULT_PEOPLE_TAG_ROOTS: readonly string[] = ['People'];

/** Windows Live Photo Gallery's name for a face it was told to ignore. */
const MP_IGNORED = 'ffffffffffffffff';
/** A lower-priority region this similar to a kept one is the same face written twice (digiKam writes MWG + MP). */
const DUPLICATE_IOU = 0.5;

/** Exact ExifTool tag arguments whose values `parseFaceTags` reads (with `-struct -n`). */
export const FACE_TAG_ARGS = [
  '-XMP-mwg-rs:RegionInfo',
  '-XMP-MP:RegionInfoMP',
  '-XMP-iptcExt:ImageRegion',
  '-XMP-iptcExt:PersonInImage',
  '-XMP-iptcExt:PersonInImageWDetails',
  '-XMP-digiKam:TagsList',
  '-XMP-lr:HierarchicalSubject',
  '-XMP-microsoft:LastKeywordXMP',
] as const;

/**
 * Turns ExifTool's `-struct -n` JSON for one file (embedded XMP or a sidecar) into face regions of the displayed
 * image plus name-only tags. Priority on duplicates: MWG, then Microsoft, then IPTC (digiKam does the same: MWG wins).
 */
export function parseFaceTags(tags: Record<string, unknown>, image: ImageGeometry, options: ParseOptions = {}): ParsedFaceTags {
  const out: ParsedFaceTags = { regions: [], names: [], warnings: [] };
  const candidates = [...mwgRegions(tags.RegionInfo, image, out), ...mpRegions(tags.RegionInfoMP, image, out), ...iptcRegions(tags.ImageRegion, image, out)];
  for (const region of candidates) {
    const duplicate = out.regions.some((kept) => kept.format !== region.format && iou(kept.rect, region.rect) >= DUPLICATE_IOU);
    if (!duplicate) out.regions.push(region);
  }
  const roots = options.peopleTagRoots ?? DEFAULT_PEOPLE_TAG_ROOTS;
  const tagged = [
    ...listOf(tags.PersonInImage).map(cleanName),
    ...listOf(tags.PersonInImageWDetails).flatMap((d) => listOf(field(d, 'PersonName')).map(cleanName)),
    ...peopleFromKeywords(listOf(tags.TagsList), '/', roots),
    ...peopleFromKeywords(listOf(tags.LastKeywordXMP), '/', roots),
    ...peopleFromKeywords(listOf(tags.HierarchicalSubject), '|', roots),
  ];
  out.names = uniqueNames([...out.names, ...tagged.filter((n): n is string => n !== null)], out.regions);
  return out;
}

function mwgRegions(info: unknown, image: ImageGeometry, out: ParsedFaceTags): ParsedRegion[] {
  if (!isObject(info)) return [];
  const appliedRaw = field(info, 'AppliedToDimensions');
  const applied = isObject(appliedRaw) ? { w: num(field(appliedRaw, 'W')), h: num(field(appliedRaw, 'H')) } : null;
  const frame = regionFrameOf(applied, { width: image.storedWidth, height: image.storedHeight }, image.orientation);
  const regions: ParsedRegion[] = [];
  for (const entry of listOf(field(info, 'RegionList'))) {
    if (!isObject(entry)) continue;
    const type = str(field(entry, 'Type'));
    if (type !== null && type.toLowerCase() !== 'face') continue;
    const name = cleanName(field(entry, 'Name'));
    const area = field(entry, 'Area');
    let rect: NormalizedRect | null = null;
    if (isObject(area)) {
      const a = { x: num(field(area, 'X')), y: num(field(area, 'Y')), w: num(field(area, 'W')), h: num(field(area, 'H')) };
      if (str(field(area, 'Unit'))?.toLowerCase() === 'pixel') {
        // Not MWG (which requires normalised areas), but seen in the wild: pixels of AppliedToDimensions.
        const w = applied && applied.w > 0 ? applied.w : image.storedWidth;
        const h = applied && applied.h > 0 ? applied.h : image.storedHeight;
        Object.assign(a, { x: a.x / w, y: a.y / h, w: a.w / w, h: a.h / h });
      }
      rect = fromCentre(a);
    }
    if (frame === 'stale') {
      if (name) out.names.push(name);
      continue;
    }
    const placed = rect && place(rect, frame, image.orientation);
    if (placed) regions.push({ format: 'mwg', name, rect: placed, frame });
    else if (name) out.names.push(name);
  }
  if (frame === 'stale' && regions.length === 0 && listOf(field(info, 'RegionList')).length > 0) {
    out.warnings.push(
      `MWG regions ignored: AppliedToDimensions ${applied?.w}×${applied?.h} does not match the image ` +
        `(${image.storedWidth}×${image.storedHeight}); the image was probably cropped after tagging`,
    );
  }
  return regions;
}

function mpRegions(info: unknown, image: ImageGeometry, out: ParsedFaceTags): ParsedRegion[] {
  if (!isObject(info)) return [];
  const regions: ParsedRegion[] = [];
  for (const entry of listOf(field(info, 'Regions'))) {
    if (!isObject(entry)) continue;
    const rawName = str(field(entry, 'PersonDisplayName'));
    const name = rawName === MP_IGNORED ? null : cleanName(rawName);
    const numbers = (str(field(entry, 'Rectangle')) ?? '').split(',').map((s) => Number(s.trim()));
    // Microsoft's order is x, y, width, height (top-left origin), despite the docs' prose saying "height and width".
    const rect = numbers.length === 4 ? { x: numbers[0]!, y: numbers[1]!, w: numbers[2]!, h: numbers[3]! } : null;
    // Microsoft records no image size, so nothing can reveal another frame: the stored image, as ExifTool assumes.
    const placed = rect && place(rect, 'stored', image.orientation);
    if (placed) regions.push({ format: 'mp', name, rect: placed, frame: 'stored' });
    else if (name) out.names.push(name);
  }
  return regions;
}

const IPTC_PERSON_TYPES = /\/(face|human)$/i;

function iptcRegions(list: unknown, image: ImageGeometry, out: ParsedFaceTags): ParsedRegion[] {
  const regions: ParsedRegion[] = [];
  for (const entry of listOf(list)) {
    if (!isObject(entry)) continue;
    const types = listOf(field(entry, 'RCtype')).flatMap((t) => (isObject(t) ? listOf(field(t, 'Identifier')) : [])).map(str);
    if (types.length > 0 && !types.some((t) => t !== null && IPTC_PERSON_TYPES.test(t))) continue;
    const persons = [
      ...listOf(field(entry, 'PersonInImage')).map(cleanName),
      ...listOf(field(entry, 'PersonInImageWDetails')).flatMap((d) => listOf(field(d, 'PersonName')).map(cleanName)),
    ].filter((n): n is string => n !== null);
    const name = persons.length > 0 ? persons[0]! : cleanName(langAlt(field(entry, 'Name')));
    if (persons.length > 1) {
      out.names.push(...persons); // one box, several people: the box cannot say who is where
      continue;
    }
    const boundary = field(entry, 'RegionBoundary');
    const rect = isObject(boundary) ? iptcBoundary(boundary, image) : null;
    const frame = rect?.frame ?? 'stored';
    const placed = rect && place(rect.rect, frame, image.orientation);
    if (placed) regions.push({ format: 'iptc', name, rect: placed, frame });
    else if (name) out.names.push(name);
  }
  return regions;
}

/** IPTC `RegionBoundary` (rectangle, circle or polygon; relative or pixel units) as a bounding rectangle. */
function iptcBoundary(b: Record<string, unknown>, image: ImageGeometry): { rect: NormalizedRect; frame: 'stored' | 'displayed' } | null {
  const pixel = str(field(b, 'RbUnit'))?.toLowerCase() === 'pixel';
  const shape = str(field(b, 'RbShape'))?.toLowerCase() ?? 'rectangle';
  let x1: number, y1: number, x2: number, y2: number;
  if (shape === 'circle') {
    const cx = num(field(b, 'RbX'));
    const cy = num(field(b, 'RbY'));
    const r = num(field(b, 'RbRx'));
    // A relative radius is a fraction of the image width, so it spans `r × width / height` of the height.
    const ry = pixel ? r : (r * image.storedWidth) / image.storedHeight;
    [x1, y1, x2, y2] = [cx - r, cy - ry, cx + r, cy + ry];
  } else if (shape === 'polygon') {
    const vertices = listOf(field(b, 'RbVertices')).filter(isObject);
    if (vertices.length < 3) return null;
    const xs = vertices.map((v) => num(field(v, 'RbX')));
    const ys = vertices.map((v) => num(field(v, 'RbY')));
    [x1, y1, x2, y2] = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  } else {
    x1 = num(field(b, 'RbX'));
    y1 = num(field(b, 'RbY'));
    x2 = x1 + num(field(b, 'RbW'));
    y2 = y1 + num(field(b, 'RbH'));
  }
  if (!pixel) return { rect: { x: x1, y: y1, w: x2 - x1, h: y2 - y1 }, frame: 'stored' };
  // Pixels: of the stored image, unless the box only fits the displayed one.
  const { storedWidth: sw, storedHeight: sh } = image;
  const displayed = image.orientation >= 5 && (x2 > sw + 1 || y2 > sh + 1) && x2 <= sh + 1 && y2 <= sw + 1;
  const [w, h] = displayed ? [sh, sw] : [sw, sh];
  return { rect: { x: x1 / w, y: y1 / h, w: (x2 - x1) / w, h: (y2 - y1) / h }, frame: displayed ? 'displayed' : 'stored' };
}

function place(rect: NormalizedRect, frame: 'stored' | 'displayed', orientation: Orientation): NormalizedRect | null {
  const clipped = clipToImage(rect);
  return clipped && (frame === 'stored' ? storedToDisplayed(clipped, orientation) : clipped);
}

function peopleFromKeywords(keywords: unknown[], separator: string, roots: readonly string[]): (string | null)[] {
  const names: (string | null)[] = [];
  for (const keyword of keywords.map(str)) {
    if (!keyword) continue;
    const parts = keyword.split(separator);
    if (parts.length >= 2 && roots.some((root) => root.toLowerCase() === parts[0]!.trim().toLowerCase())) {
      names.push(cleanName(parts.at(-1))); // People/Family/Ann → Ann
    }
  }
  return names;
}

/** Distinct names (case-insensitive, first spelling wins) that no region already carries. */
function uniqueNames(names: string[], regions: ParsedRegion[]): string[] {
  const seen = new Set(regions.map((r) => r.name?.toLowerCase()).filter((n): n is string => !!n));
  const out: string[] = [];
  for (const name of names) {
    const key = name.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}

const iou = (a: NormalizedRect, b: NormalizedRect): number =>
  intersectionOverUnion({ x: a.x, y: a.y, width: a.w, height: a.h }, { x: b.x, y: b.y, width: b.w, height: b.h });

/** A person's name as Kindred stores it (NFC, trimmed, inner white space collapsed), or null when empty. */
export function cleanName(value: unknown): string | null {
  const s = str(value);
  if (s === null) return null;
  const clean = s.normalize('NFC').trim().replace(/\s+/g, ' ');
  return clean.length > 0 && clean.length <= 200 ? clean : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A struct field, matched case-insensitively (ExifTool capitalises struct field names, other writers may not). */
function field(value: unknown, name: string): unknown {
  if (!isObject(value)) return undefined;
  if (name in value) return value[name];
  const key = Object.keys(value).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : value[key];
}

/** ExifTool gives a one-element list as a bare value unless asked otherwise: accept both. */
function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

function str(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value); // a person named "2019"
  return null;
}

/** Numbers may arrive as strings when ExifTool keeps high precision. */
function num(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : NaN;
}

/** An XMP lang-alt value: ExifTool gives the default language as a string, others as a `{lang: text}` object. */
function langAlt(value: unknown): unknown {
  if (!isObject(value)) return value;
  return value['x-default'] ?? Object.values(value).find((v) => typeof v === 'string');
}
