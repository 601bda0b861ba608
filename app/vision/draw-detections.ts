/**
 * Annotated PNG of a photo's detections (boxes, keypoints, scores) for `kindred detect --draw`: an SVG overlay
 * composited onto the photo by sharp.
 */
import sharp from 'sharp';
import { FACE_LANDMARK_NAMES, type FaceDetection, type FaceLandmarkName } from './face-detection.js';
import type { RgbImage } from './rgb-image.js';

/** Keypoint colours: eyes green, nose yellow, mouth red, ears cyan. */
const LANDMARK_COLOURS: Record<FaceLandmarkName, string> = {
  rightEye: '#00e000',
  leftEye: '#00e000',
  noseTip: '#ffd000',
  mouthCenter: '#ff3030',
  rightEar: '#00d0ff',
  leftEar: '#00d0ff',
};

/** Options of the drawing. */
export interface DrawOptions {
  /** Shrink the output so its longer side is at most this (default: original size). */
  maxSide?: number;
  /** Box colour (CSS). */
  colour?: string;
}

function fmt(n: number): string {
  return n.toFixed(1);
}

/** The SVG overlay (in output pixels) for detections given in original pixels, scaled by `scale`. */
export function detectionsSvg(detections: readonly FaceDetection[], width: number, height: number, scale: number, colour = '#ff2080'): string {
  const stroke = Math.max(1.5, Math.min(width, height) / 300);
  const font = Math.max(10, Math.round(Math.min(width, height) / 40));
  const parts: string[] = [];
  detections.forEach((d, i) => {
    const x = d.box.x * scale;
    const y = d.box.y * scale;
    const w = d.box.width * scale;
    const h = d.box.height * scale;
    parts.push(`<rect x="${fmt(x)}" y="${fmt(y)}" width="${fmt(w)}" height="${fmt(h)}" fill="none" stroke="${colour}" stroke-width="${fmt(stroke)}"/>`);
    const r = Math.max(1.5, w / 40);
    for (const name of FACE_LANDMARK_NAMES) {
      const p = d.landmarks[name];
      parts.push(`<circle cx="${fmt(p.x * scale)}" cy="${fmt(p.y * scale)}" r="${fmt(r)}" fill="${LANDMARK_COLOURS[name]}"/>`);
    }
    const label = `#${i + 1} ${d.score.toFixed(2)}`;
    const ty = y > font + 2 ? y - 3 : y + h + font;
    parts.push(
      `<text x="${fmt(x)}" y="${fmt(ty)}" font-family="sans-serif" font-size="${font}" fill="${colour}" stroke="black" stroke-width="0.6">${label}</text>`,
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join('')}</svg>`;
}

/** Writes `image` with its detections drawn on it as a PNG file. */
export async function drawDetections(
  image: RgbImage,
  detections: readonly FaceDetection[],
  outputPath: string,
  options: DrawOptions = {},
): Promise<void> {
  const scale = Math.min(1, (options.maxSide ?? Infinity) / Math.max(image.width, image.height));
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const base = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  const resized = scale < 1 ? await base.resize(width, height, { fit: 'fill' }).raw().toBuffer() : Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length);
  const svg = Buffer.from(detectionsSvg(detections, width, height, scale, options.colour));
  await sharp(resized, { raw: { width, height, channels: 3 } })
    .composite([{ input: svg, top: 0, left: 0 }])
    .png()
    .toFile(outputPath);
}
