/**
 * Copies a square window of an RGB image into a detector's NHWC float input, normalised as the detector's manifest
 * entry says (BlazeFace: RGB scaled to [-1, 1]). Parts of the window outside the image are black, as MediaPipe's
 * letterboxing (BORDER_ZERO before normalisation) — or, for a mirrored run, the image reflected across its edges.
 */
import type { ModelNormalization } from '../shared/model-manifest.js';
import type { RgbImage } from './rgb-image.js';

/**
 * Fills `out` (`size² × 3` floats) with the window whose top-left corner is (`left`, `top`) in `image` pixels, each
 * channel c as `(value - mean[c]) / std[c]`. The window may extend past any edge (letterbox or padding; black, or the
 * mirror image when `mirrored`). Returns `out`.
 */
export function fillDetectorInput(
  image: RgbImage,
  left: number,
  top: number,
  size: number,
  normalization: ModelNormalization,
  out: Float32Array = new Float32Array(size * size * 3),
  mirrored = false,
): Float32Array {
  if (out.length !== size * size * 3) throw new Error(`detector input: expected ${size * size * 3} floats`);
  const [m0, m1, m2] = normalization.mean;
  const [s0, s1, s2] = normalization.std;
  if (mirrored) return fillMirrored(image, Math.round(left), Math.round(top), size, [channelTable(m0, s0), channelTable(m1, s1), channelTable(m2, s2)], out);
  const black = [-m0 / s0, -m1 / s1, -m2 / s2] as const;
  if (black[0] === black[1] && black[1] === black[2]) out.fill(black[0]);
  else for (let i = 0; i < out.length; i += 3) out.set(black, i);
  const x0 = Math.max(0, Math.round(left));
  const y0 = Math.max(0, Math.round(top));
  const x1 = Math.min(image.width, Math.round(left) + size);
  const y1 = Math.min(image.height, Math.round(top) + size);
  const dx = x0 - Math.round(left);
  const dy = y0 - Math.round(top);
  const { data, width } = image;
  // A table per channel: one lookup per byte instead of a subtraction and a division (tiles are filled by the dozen).
  const lut0 = channelTable(m0, s0);
  const lut1 = channelTable(m1, s1);
  const lut2 = channelTable(m2, s2);
  for (let y = y0; y < y1; y++) {
    let src = (y * width + x0) * 3;
    let dst = ((y - y0 + dy) * size + dx) * 3;
    for (let n = x1 - x0; n > 0; n--) {
      out[dst++] = lut0[data[src++] as number] as number;
      out[dst++] = lut1[data[src++] as number] as number;
      out[dst++] = lut2[data[src++] as number] as number;
    }
  }
  return out;
}

/** The window with every pixel past the image's edge taken from its mirror image across that edge (once per photo). */
function fillMirrored(image: RgbImage, left: number, top: number, size: number, luts: readonly Float32Array[], out: Float32Array): Float32Array {
  const { data, width, height } = image;
  const xs = Array.from({ length: size }, (_, i) => reflect(left + i, width));
  let dst = 0;
  for (let i = 0; i < size; i++) {
    const row = reflect(top + i, height) * width;
    for (const x of xs) {
      const src = (row + x) * 3;
      for (let c = 0; c < 3; c++) out[dst++] = luts[c]![data[src + c] as number] as number;
    }
  }
  return out;
}

/** Index `i` folded into `[0, n)` by reflection about the edges (…2 1 0 | 0 1 2 … n-1 | n-1 n-2…), any distance out. */
function reflect(i: number, n: number): number {
  const period = 2 * n;
  const m = ((i % period) + period) % period;
  return m < n ? m : period - 1 - m;
}

const tables = new Map<string, Float32Array>();

/** `(v - mean) / std` for every byte value v, computed once per normalisation. */
function channelTable(mean: number, std: number): Float32Array {
  const key = `${mean}/${std}`;
  let table = tables.get(key);
  if (!table) {
    table = new Float32Array(256);
    for (let v = 0; v < 256; v++) table[v] = (v - mean) / std;
    tables.set(key, table);
  }
  return table;
}
