import * as ort from './onnx-runtime.js';
import type { LandmarkerEntry } from '../shared/model-manifest.js';
import type { Box, Point } from './face-detection.js';
import { warpToCrop } from './face-aligner.js';
import { applyAffine, invertAffine, type Affine } from './similarity-transform.js';
import type { RgbImage } from './rgb-image.js';

/**
 * Runs a landmark net (face-api's 68 points) on detected faces: each face's box, squared and enlarged as the manifest
 * entry says, is warped to the net's input, and the points come back in photo pixels.
 */
export class FaceLandmarker {
  constructor(
    private readonly session: Pick<ort.InferenceSession, 'run'>,
    readonly entry: LandmarkerEntry,
  ) {}

  /** The landmarks of each box (photo pixels), in the net's point order. */
  async locate(image: RgbImage, boxes: readonly Box[], maxBatch = 16): Promise<Point[][]> {
    const out: Point[][] = [];
    for (let start = 0; start < boxes.length; start += maxBatch) out.push(...(await this.locateBatch(image, boxes.slice(start, start + maxBatch))));
    return out;
  }

  private async locateBatch(image: RgbImage, boxes: readonly Box[]): Promise<Point[][]> {
    if (boxes.length === 0) return [];
    const { width, height, name, normalization, colorOrder } = this.entry.input;
    if (width !== height) throw new Error(`${this.entry.id}: the landmark window must be square`);
    const pixels = width * height;
    const input = new Float32Array(boxes.length * pixels * 3);
    const [r0, r1, r2] = colorOrder === 'BGR' ? [2, 1, 0] : [0, 1, 2];
    const [m0, m1, m2] = normalization.mean;
    const [s0, s1, s2] = normalization.std;
    const toWindow: Affine[] = [];
    for (const [n, box] of boxes.entries()) {
      const side = Math.max(box.width, box.height) * this.entry.windowPerBox;
      const s = width / side;
      const left = box.x + box.width / 2 - side / 2;
      const top = box.y + box.height / 2 - side / 2;
      const m: Affine = [s, 0, -left * s, 0, s, -top * s];
      toWindow.push(m);
      const d = (await warpToCrop(image, m, { width, height })).data;
      for (let p = 0, i = 0, o = n * pixels * 3; p < pixels; p++, i += 3, o += 3) {
        input[o] = (d[i + r0]! - m0) / s0;
        input[o + 1] = (d[i + r1]! - m1) / s1;
        input[o + 2] = (d[i + r2]! - m2) / s2;
      }
    }
    const result = await this.session.run({ [name]: new ort.Tensor('float32', input, [boxes.length, height, width, 3]) });
    const data = result[this.entry.output.name]?.data as Float32Array | undefined;
    const count = this.entry.points;
    if (!data || data.length !== boxes.length * count * 2) throw new Error(`${this.entry.id}: expected ${count} points per face`);
    return toWindow.map((m, n) => {
      const back = invertAffine(m);
      // Fractions of the window → window pixels → photo pixels.
      return Array.from({ length: count }, (_, k) =>
        applyAffine(back, { x: data[(n * count + k) * 2]! * width, y: data[(n * count + k) * 2 + 1]! * height }),
      );
    });
  }
}
