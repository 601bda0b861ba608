/**
 * Which detector runs a photo needs: the whole image for large faces, and square tiles of an image pyramid for small
 * ones. Pure geometry; `face-detector.ts` executes the plan.
 *
 * Measured on 27 celeb5 portraits shrunk so that the face box has a known width in the network's input: back-256
 * scores ≥ 0.65 on ≥ 89% of them at every width from 10 to 192 px of its 256 px input (≥ 96% from 14 to 160 px);
 * front-128 on 100% from 20 to 80 px of its 128 px input, 78% at 16 px and 74% at 128 px.
 * Each run is trusted only for face sizes well inside its range; the ranges of consecutive levels overlap, so every
 * face from `minFacePx` up to the full frame falls in the trusted range of some run.
 */

/** Which of the two BlazeFace networks a run uses. */
export type DetectorKind = 'front' | 'back';

/** One detector run: a square window of the photo resized by `scale`. */
export interface DetectionRun {
  detector: DetectorKind;
  /** Size of the resized photo (original size × scale, rounded). */
  scaledWidth: number;
  scaledHeight: number;
  /** Top-left corner of the detector window in the resized photo (negative or past the end = black padding). */
  left: number;
  top: number;
  /** Side of the detector input (window) in resized pixels. */
  size: number;
  /** Box widths (in detector input pixels) this run is trusted for. */
  minBox: number;
  maxBox: number;
  /** Box width (input pixels) of the smallest face this run is meant to find (≥ `minBox`, which has slack). */
  targetBox: number;
  /** True for a tile: detections crossing an edge that lies inside the photo are cut faces and are dropped. */
  tile: boolean;
  /** Pyramid level: 0 for whole-image runs, 1.. for tile levels (finer = higher). */
  level: number;
  /** Window pixels past the photo's edge mirror the photo, so a face cut by the frame looks whole; only faces crossing
   * the frame are taken from such a run (the others are seen by the plain runs). */
  mirrored: boolean;
}

/** Tuning of the plan; defaults in `DEFAULT_PLAN_OPTIONS`. */
export interface DetectionPlanOptions {
  /** Smallest face (box width, original pixels) to look for, budget permitting. */
  minFacePx: number;
  /** ... and at least this fraction of the photo's longer side: a 12-MP photo is not searched for faces of 1% of its
   * width, which would take 50 runs (see `DEFAULT_PLAN_OPTIONS`). */
  minFaceFraction: number;
  /** At most this many tile runs per photo (the whole-image runs come on top). */
  maxTileRuns: number;
  /** Input side of each network. */
  frontSize: number;
  backSize: number;
  /** Trusted box widths, detector input pixels: back on the whole image, front on the padded image, back on tiles. */
  backWholeRange: readonly [number, number];
  frontPaddedRange: readonly [number, number];
  tileRange: readonly [number, number];
  /** Box width (input pixels) a `minFacePx` face should have on the finest tile level; above `tileRange[0]` because
   * BlazeFace's boxes of small faces come out smaller than those of the same face seen large. */
  tileTargetBox: number;
  /** The whole image is also shown to front-128 padded to this multiple of its longer side (close-ups). */
  paddedFactor: number;
  /** ... and to back-256 mirror-padded to this multiple (faces cut by the frame); 0: no such run. */
  mirroredFactor: number;
}

/**
 * Defaults: faces from 24 px or 1/60 of the longer side, whichever is larger (up to 1.5 MP from 24 px, 3 MP from
 * 33 px, 12 MP from 67 px), at most 48 tile runs. The share of the frame keeps the cost of a photo about the same
 * whatever its resolution (a 12-MP photo takes 25 runs, not 50: faces of 1% of its width are rarely anyone the user
 * wants to name, and they are too small to recognise); 1/60 is still finer than the single 640-px pass (SCRFD in
 * Immich) that photo managers usually make.
 */
export const DEFAULT_PLAN_OPTIONS: DetectionPlanOptions = {
  minFacePx: 24,
  minFaceFraction: 1 / 60,
  maxTileRuns: 48,
  frontSize: 128,
  backSize: 256,
  backWholeRange: [16, 256],
  frontPaddedRange: [24, 128],
  tileRange: [12, 64],
  tileTargetBox: 16,
  paddedFactor: 2,
  mirroredFactor: 1.5,
};

/** Evenly spaced window starts covering `[0, length)` with windows of `size` overlapping by at least `overlap`. */
export function tileStarts(length: number, size: number, overlap: number): number[] {
  if (length <= size) return [Math.round((length - size) / 2)];
  const stride = size - overlap;
  const n = Math.ceil((length - size) / stride) + 1;
  const starts: number[] = [];
  for (let i = 0; i < n; i++) starts.push(Math.round(((length - size) * i) / (n - 1)));
  return starts;
}

function scaled(width: number, height: number, scale: number): { w: number; h: number } {
  return { w: Math.max(1, Math.round(width * scale)), h: Math.max(1, Math.round(height * scale)) };
}

/** Tile-level scales from finest to coarsest, each at most 3× the next coarser, stopping above `coarsest`. */
function levelScales(finest: number, coarsest: number, ratio: number): number[] {
  const scales: number[] = [];
  for (let s = finest; s > coarsest * 1.05; s /= ratio) scales.push(s);
  return scales;
}

function countTiles(width: number, height: number, scales: readonly number[], o: DetectionPlanOptions): number {
  const overlap = o.tileRange[1];
  return scales.reduce((n, s) => {
    const { w, h } = scaled(width, height, s);
    return n + tileStarts(w, o.backSize, overlap).length * tileStarts(h, o.backSize, overlap).length;
  }, 0);
}

/**
 * Plans the runs for a `width`×`height` photo: back-256 on the letterboxed photo, front-128 on the photo padded to
 * `paddedFactor`× (faces that fill the frame), back-256 on the photo mirror-padded to `mirroredFactor`× (faces cut by
 * the frame), then back-256 tiles on pyramid levels down to the scale where the smallest face sought (`minFacePx`,
 * `minFaceFraction`) is `tileTargetBox` input pixels wide — or coarser, when that would exceed `maxTileRuns`.
 */
export function planDetectionRuns(
  width: number,
  height: number,
  options: DetectionPlanOptions = DEFAULT_PLAN_OPTIONS,
): DetectionRun[] {
  const o = options;
  const longSide = Math.max(width, height);
  const runs: DetectionRun[] = [];

  const whole = (detector: DetectorKind, size: number, factor: number, range: readonly [number, number], mirrored = false): void => {
    const scale = size / (longSide * factor);
    const { w, h } = scaled(width, height, scale);
    runs.push({
      detector,
      scaledWidth: w,
      scaledHeight: h,
      left: Math.round((w - size) / 2),
      top: Math.round((h - size) / 2),
      size,
      minBox: range[0],
      maxBox: range[1],
      targetBox: range[0],
      tile: false,
      level: 0,
      mirrored,
    });
  };
  whole('back', o.backSize, 1, o.backWholeRange);
  whole('front', o.frontSize, o.paddedFactor, o.frontPaddedRange);
  if (o.mirroredFactor > 0) whole('back', o.backSize, o.mirroredFactor, o.backWholeRange, true);

  // Tile levels: the coarsest one must overlap the whole-image run's range (back-256 from backWholeRange[0]).
  const wholeScale = o.backSize / longSide;
  const coarsestNeeded = (wholeScale * o.tileTargetBox) / o.backWholeRange[0];
  // Consecutive levels are at most 3× apart, so a face at the bottom of one level's range (16 px) is 48 px on the
  // next finer one, inside its range [12, 64].
  const ratio = 3;
  let finest = o.tileTargetBox / Math.max(o.minFacePx, o.minFaceFraction * longSide);
  let scales = levelScales(finest, coarsestNeeded, ratio);
  while (scales.length > 0 && countTiles(width, height, scales, o) > o.maxTileRuns) {
    finest *= 0.92;
    scales = levelScales(finest, coarsestNeeded, ratio);
  }

  scales.forEach((scale, i) => {
    const { w, h } = scaled(width, height, scale);
    const overlap = o.tileRange[1];
    for (const top of tileStarts(h, o.backSize, overlap)) {
      for (const left of tileStarts(w, o.backSize, overlap)) {
        runs.push({
          detector: 'back',
          scaledWidth: w,
          scaledHeight: h,
          left,
          top,
          size: o.backSize,
          minBox: o.tileRange[0],
          maxBox: o.tileRange[1],
          targetBox: o.tileTargetBox,
          tile: true,
          level: scales.length - i,
          mirrored: false,
        });
      }
    }
  });
  return runs;
}

/** The smallest face (box width, original pixels) a plan looks for. */
export function smallestPlannedFace(width: number, height: number, runs: readonly DetectionRun[]): number {
  let best = Infinity;
  for (const r of runs) {
    const scale = r.scaledWidth / width;
    best = Math.min(best, r.targetBox / scale);
  }
  return best;
}
