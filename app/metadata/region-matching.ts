import { areaRatio, intersectionOverSmaller, intersectionOverUnion, type Box } from './box-overlap.js';

/**
 * When an imported region and a detected face are the same face.
 *
 * Overlap is measured as intersection over the smaller box, not IoU: taggers draw boxes by their own conventions
 * (Lightroom and Windows take in hair and chin, Picasa hugs the features, hand-drawn ones are loose), so the same face
 * tagged by another tool is often twice our detector's box in each direction. Such a pair has IoU ≈ 0.25, below any
 * sane IoU threshold, yet one box lies wholly inside the other (overlap 1). Containment alone would let one big
 * region swallow a small face beside it, so the two areas may differ at most `maxAreaRatio` times (3× per side), and
 * when several pairs qualify the best-aligned ones (highest IoU) are taken first, one face per region.
 */
export interface MatchCriteria {
  /** Minimum intersection over the smaller box. */
  minOverlap: number;
  /** Maximum larger area / smaller area. */
  maxAreaRatio: number;
}

export const DEFAULT_MATCH_CRITERIA: MatchCriteria = { minOverlap: 0.5, maxAreaRatio: 9 };

/** Whether two boxes (same image, same unit) can be the same face under `criteria`. */
export function couldBeSameFace(a: Box, b: Box, criteria: MatchCriteria = DEFAULT_MATCH_CRITERIA): boolean {
  return intersectionOverSmaller(a, b) >= criteria.minOverlap && areaRatio(a, b) <= criteria.maxAreaRatio;
}

/** What matching decided for one photo. */
export interface RegionMatch<R, F> {
  /** A region and the face it covers; `iou` and `overlap` (intersection over smaller) say how well. */
  matched: { region: R; face: F; iou: number; overlap: number }[];
  /** Named regions no face matched: they become manual faces. */
  unmatched: R[];
  /** Names of people in the photo that no region places. */
  nameOnly: string[];
  /** Regions dropped because an earlier region already names the same person (one photo shows a person once). */
  duplicates: R[];
}

/**
 * Matches named regions to faces, one to one (pure). Unnamed regions are ignored: Kindred has its own detector.
 * Region order is priority order: of two regions naming the same person (case-insensitively), the first is kept.
 */
export function matchRegionsToFaces<R extends { name: string | null; box: Box }, F extends { box: Box }>(
  regions: readonly R[],
  faces: readonly F[],
  names: readonly string[] = [],
  criteria: MatchCriteria = DEFAULT_MATCH_CRITERIA,
): RegionMatch<R, F> {
  const seen = new Set<string>();
  const named: R[] = [];
  const duplicates: R[] = [];
  for (const region of regions) {
    if (!region.name) continue;
    const key = region.name.toLowerCase();
    if (seen.has(key)) duplicates.push(region);
    else {
      seen.add(key);
      named.push(region);
    }
  }

  const pairs: { r: number; f: number; iou: number; overlap: number }[] = [];
  named.forEach((region, r) => {
    faces.forEach((face, f) => {
      if (!couldBeSameFace(region.box, face.box, criteria)) return;
      pairs.push({ r, f, iou: intersectionOverUnion(region.box, face.box), overlap: intersectionOverSmaller(region.box, face.box) });
    });
  });
  pairs.sort((a, b) => b.iou - a.iou || b.overlap - a.overlap || a.r - b.r || a.f - b.f);

  const usedRegions = new Set<number>();
  const usedFaces = new Set<number>();
  const matched: RegionMatch<R, F>['matched'] = [];
  for (const pair of pairs) {
    if (usedRegions.has(pair.r) || usedFaces.has(pair.f)) continue;
    usedRegions.add(pair.r);
    usedFaces.add(pair.f);
    matched.push({ region: named[pair.r]!, face: faces[pair.f]!, iou: pair.iou, overlap: pair.overlap });
  }
  matched.sort((a, b) => named.indexOf(a.region) - named.indexOf(b.region));
  const unmatched = named.filter((_, i) => !usedRegions.has(i));
  const nameOnly = names.filter((name, i) => {
    const key = name.toLowerCase();
    return !seen.has(key) && names.findIndex((n) => n.toLowerCase() === key) === i;
  });
  return { matched, unmatched, nameOnly, duplicates };
}
