/**
 * Face alignment: the similarity that best maps a face's keypoints onto a template, and an affine warp of the photo
 * into the template's crop (bilinear). For a large face in a large photo, only the region under the crop is read and
 * first shrunk (area-averaged by sharp) to about the crop's scale, so the warp does not alias.
 */
import type { FaceLandmarkName, FaceLandmarks, Point } from './face-detection.js';
import { cropRgbImage, resizeRgbImage, type RgbImage } from './rgb-image.js';
import { affineScale, applyAffine, fitSimilarity, invertAffine, type Affine } from './similarity-transform.js';

/** A template point: `{x, y}` or `[x, y]` (manifests store either). */
export type TemplatePoint = Point | readonly [number, number];

/**
 * Where the keypoints go in the aligned crop (the model manifest records one per embedder), in template
 * coordinates: the centre of crop pixel (0, 0) is (0, 0), as in OpenCV / insightface / dlib.
 */
export interface AlignmentTemplate {
  width: number;
  height: number;
  /** Target positions of the keypoints used in the fit (at least two, e.g. eyes, nose tip and mouth centre). */
  points: Partial<Record<FaceLandmarkName, TemplatePoint>>;
}

/** What to paint where the crop reaches past the photo's edge ('black': dlib's chips, see `dlib-face-chip.ts`). */
export type BorderMode = 'replicate' | 'mean' | 'black';

/**
 * ArcFace's 112×112 five-point template (insightface), reduced to BlazeFace's keypoints: the mouth centre is the mean
 * of the two mouth corners (41.5493, 92.3655) and (70.7299, 92.2041).
 */
export const ARCFACE_112_TEMPLATE: AlignmentTemplate = {
  width: 112,
  height: 112,
  points: {
    rightEye: { x: 38.2946, y: 51.6963 },
    leftEye: { x: 73.5318, y: 51.5014 },
    noseTip: { x: 56.0252, y: 71.7366 },
    mouthCenter: { x: (41.5493 + 70.7299) / 2, y: (92.3655 + 92.2041) / 2 },
  },
};

/**
 * Template coordinates put pixel centres on integers (OpenCV's warpAffine, insightface, dlib); the pipeline's
 * coordinates (detector keypoints, crops) put the centre of pixel i at i + 0.5. Converts the former to the latter.
 */
function toPoint(p: TemplatePoint): Point {
  const [x, y] = 'x' in p ? [p.x, p.y] : p;
  return { x: x + 0.5, y: y + 0.5 };
}

/**
 * The similarity (photo coordinates → crop coordinates, both with pixel centres at i + 0.5) fitted on the template's
 * keypoints.
 */
export function alignmentTransform(landmarks: FaceLandmarks, template: AlignmentTemplate): Affine {
  const from: Point[] = [];
  const to: Point[] = [];
  for (const [name, target] of Object.entries(template.points) as Array<[FaceLandmarkName, TemplatePoint | undefined]>) {
    if (target === undefined) continue;
    from.push(landmarks[name]);
    to.push(toPoint(target));
  }
  return fitSimilarity(from, to);
}

/** Mean colour of an image (for the 'mean' border). */
function meanColour(image: RgbImage): [number, number, number] {
  const sums = [0, 0, 0];
  const n = image.width * image.height;
  // A strided sample is plenty for a border colour.
  const step = Math.max(1, Math.floor(n / 4096));
  let count = 0;
  for (let i = 0; i < n; i += step) {
    sums[0]! += image.data[i * 3] as number;
    sums[1]! += image.data[i * 3 + 1] as number;
    sums[2]! += image.data[i * 3 + 2] as number;
    count++;
  }
  return [sums[0]! / count, sums[1]! / count, sums[2]! / count];
}

/**
 * Affine warp with bilinear sampling: output pixel (u, v) takes the source colour at `outToSrc(u + .5, v + .5) - .5`
 * (pixel centres). Outside the source: the nearest edge pixel ('replicate'), the source's mean colour ('mean'), or black
 * wherever a bilinear tap would leave the source ('black', as dlib's `interpolate_bilinear` inside `transform_image`).
 */
export function warpAffine(source: RgbImage, outToSrc: Affine, width: number, height: number, border: BorderMode = 'replicate'): RgbImage {
  const out = new Uint8Array(width * height * 3);
  const { data, width: sw, height: sh } = source;
  const fill = border === 'mean' ? meanColour(source) : null;
  const black = border === 'black';
  const [a, b, c, d, e, f] = outToSrc;
  let o = 0;
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const x = a * (u + 0.5) + b * (v + 0.5) + c - 0.5;
      const y = d * (u + 0.5) + e * (v + 0.5) + f - 0.5;
      if (black && (x < 0 || y < 0 || x > sw - 1 || y > sh - 1)) {
        out[o++] = 0;
        out[o++] = 0;
        out[o++] = 0;
        continue;
      }
      if (fill && (x < -0.5 || y < -0.5 || x > sw - 0.5 || y > sh - 0.5)) {
        out[o++] = fill[0];
        out[o++] = fill[1];
        out[o++] = fill[2];
        continue;
      }
      const xc = Math.min(sw - 1, Math.max(0, x));
      const yc = Math.min(sh - 1, Math.max(0, y));
      const x0 = Math.floor(xc);
      const y0 = Math.floor(yc);
      const x1 = Math.min(sw - 1, x0 + 1);
      const y1 = Math.min(sh - 1, y0 + 1);
      const fx = xc - x0;
      const fy = yc - y0;
      const p00 = (y0 * sw + x0) * 3;
      const p01 = (y0 * sw + x1) * 3;
      const p10 = (y1 * sw + x0) * 3;
      const p11 = (y1 * sw + x1) * 3;
      for (let ch = 0; ch < 3; ch++) {
        const top = (data[p00 + ch] as number) * (1 - fx) + (data[p01 + ch] as number) * fx;
        const bottom = (data[p10 + ch] as number) * (1 - fx) + (data[p11 + ch] as number) * fx;
        out[o++] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
  return { data: out, width, height };
}

/** Options of `alignFace`. */
export interface AlignOptions {
  border?: BorderMode;
  /** Shrink the source region first when it has more than this many source pixels per crop pixel (default 1.5). */
  maxSourcePerOutput?: number;
}

/**
 * Warps the face with these keypoints (photo pixels) into the template's crop. Reads only the part of the photo under
 * the crop; when the face is much larger than the crop, that part is first shrunk with area averaging.
 */
export async function alignFace(
  image: RgbImage,
  landmarks: FaceLandmarks,
  template: AlignmentTemplate,
  options: AlignOptions = {},
): Promise<RgbImage> {
  return warpToCrop(image, alignmentTransform(landmarks, template), template, options);
}

/**
 * Warps the photo into a `width`×`height` crop by a similarity (photo → crop coordinates, pixel centres at i + 0.5),
 * reading only the part of the photo under the crop, first shrunk with area averaging when it is much larger.
 */
export async function warpToCrop(
  image: RgbImage,
  srcToOut: Affine,
  template: { width: number; height: number },
  options: AlignOptions = {},
): Promise<RgbImage> {
  const outToSrc = invertAffine(srcToOut);
  const border = options.border ?? 'replicate';
  const sourcePerOutput = 1 / affineScale(srcToOut);
  if (sourcePerOutput <= (options.maxSourcePerOutput ?? 1.5)) {
    return warpAffine(image, outToSrc, template.width, template.height, border);
  }
  // Region of the photo under the crop (its four corners mapped back), with a pixel of margin for the bilinear taps.
  const corners = [
    { x: 0, y: 0 },
    { x: template.width, y: 0 },
    { x: 0, y: template.height },
    { x: template.width, y: template.height },
  ].map((p) => applyAffine(outToSrc, p));
  const x0 = Math.max(0, Math.floor(Math.min(...corners.map((p) => p.x))) - 2);
  const y0 = Math.max(0, Math.floor(Math.min(...corners.map((p) => p.y))) - 2);
  const x1 = Math.min(image.width, Math.ceil(Math.max(...corners.map((p) => p.x))) + 2);
  const y1 = Math.min(image.height, Math.ceil(Math.max(...corners.map((p) => p.y))) + 2);
  if (x1 <= x0 || y1 <= y0) return warpAffine(image, outToSrc, template.width, template.height, border);
  const region = cropRgbImage(image, x0, y0, x1 - x0, y1 - y0);
  const shrink = 1 / sourcePerOutput; // target: about one source pixel per crop pixel
  const w = Math.max(1, Math.round(region.width * shrink));
  const h = Math.max(1, Math.round(region.height * shrink));
  const small = await resizeRgbImage(region, w, h);
  const sx = region.width / w;
  const sy = region.height / h;
  // crop → small-region pixels: photo = region origin + small·s, so small = (photo - origin) / s.
  const [a, b, c, d, e, f] = outToSrc;
  const outToSmall: Affine = [a / sx, b / sx, (c - x0) / sx, d / sy, e / sy, (f - y0) / sy];
  return warpAffine(small, outToSmall, template.width, template.height, border);
}
