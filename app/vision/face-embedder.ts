import * as ort from './onnx-runtime.js';
import { normalise } from '../shared/vector-math.js';
import type { EmbedderEntry } from '../shared/model-manifest.js';
import type { RgbImage } from './rgb-image.js';

/**
 * Runs an embedding network on aligned face crops: builds the float input as the manifest entry describes it (layout,
 * colour order, normalisation), runs the batch, and returns L2-normalised embeddings (points on the unit sphere, as
 * FaceNet compares them). With the entry's `flipAverage`, each crop is also run mirrored and the two embeddings are
 * averaged before normalising (test-time augmentation: steadier across head turns).
 */
export class FaceEmbedder {
  constructor(
    private readonly session: Pick<ort.InferenceSession, 'run'>,
    readonly entry: EmbedderEntry,
  ) {}

  get modelId(): string {
    return this.entry.id;
  }

  /** Embeds crops of the template's size, in batches of at most `maxBatch`. */
  async embed(crops: readonly RgbImage[], maxBatch = 16): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let start = 0; start < crops.length; start += maxBatch) {
      out.push(...(await this.embedBatch(crops.slice(start, start + maxBatch))));
    }
    return out;
  }

  private async embedBatch(crops: readonly RgbImage[]): Promise<Float32Array[]> {
    if (crops.length === 0) return [];
    const { width, height, name, normalization, layout, colorOrder, channels } = this.entry.input;
    if (channels !== 3) throw new Error(`${this.entry.id}: ${channels} input channels; face crops have 3`);
    const pixels = width * height;
    // With flip averaging, input n = 2k is crop k and input 2k + 1 its mirror image.
    const views = this.entry.flipAverage ? 2 : 1;
    const inputs = crops.length * views;
    const input = new Float32Array(inputs * pixels * 3);
    // Model channel c reads crop channel src[c]; mean and std are listed in the model's channel order.
    const [r0, r1, r2] = colorOrder === 'BGR' ? [2, 1, 0] : [0, 1, 2];
    const [m0, m1, m2] = normalization.mean;
    const [s0, s1, s2] = normalization.std;
    // Where channel c of pixel p goes in one face's block: interleaved (NHWC) or planar (NCHW).
    const [pixelStep, channelStep] = layout === 'NHWC' ? [3, 1] : [1, pixels];
    crops.forEach((crop, n) => {
      if (crop.width !== width || crop.height !== height) {
        throw new Error(`crop is ${crop.width}×${crop.height}; ${this.entry.id} needs ${width}×${height}`);
      }
      const d = crop.data;
      for (let view = 0; view < views; view++) {
        const mirrored = view === 1;
        let o = (n * views + view) * pixels * 3;
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++, o += pixelStep) {
            const i = (y * width + (mirrored ? width - 1 - x : x)) * 3;
            input[o] = (d[i + r0]! - m0) / s0;
            input[o + channelStep] = (d[i + r1]! - m1) / s1;
            input[o + 2 * channelStep] = (d[i + r2]! - m2) / s2;
          }
        }
      }
    });
    const dims = layout === 'NHWC' ? [inputs, height, width, 3] : [inputs, 3, height, width];
    const result = await this.session.run({ [name]: new ort.Tensor('float32', input, dims) });
    const output = result[this.entry.output.name];
    if (!output) throw new Error(`${this.entry.id}: no output named ${this.entry.output.name}`);
    const data = output.data as Float32Array;
    const size = this.entry.embeddingSize;
    if (data.length !== inputs * size) throw new Error(`${this.entry.id}: ${data.length} outputs for ${inputs} inputs`);
    return crops.map((_, n) => {
      const v = data.slice(n * views * size, (n * views + 1) * size);
      // Each view is normalised first so that both weigh the same in the mean.
      normalise(v, v);
      if (views === 2) {
        const m = normalise(data.slice((n * 2 + 1) * size, (n * 2 + 2) * size));
        for (let k = 0; k < size; k++) v[k] = v[k]! + m[k]!;
      }
      return normalise(v, v);
    });
  }
}
