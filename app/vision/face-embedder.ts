import * as ort from 'onnxruntime-node';
import { normalise } from '../shared/vector-math.js';
import type { EmbedderEntry } from '../shared/model-manifest.js';
import type { RgbImage } from './rgb-image.js';

/**
 * Runs an embedding network on aligned face crops: builds the NHWC float input with the manifest's normalisation,
 * runs the batch, and returns L2-normalised embeddings (points on the unit sphere, as FaceNet compares them).
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
    const { width, height, name, normalization } = this.entry.input;
    const pixels = width * height;
    const input = new Float32Array(crops.length * pixels * 3);
    const [m0, m1, m2] = normalization.mean;
    const [s0, s1, s2] = normalization.std;
    crops.forEach((crop, n) => {
      if (crop.width !== width || crop.height !== height) {
        throw new Error(`crop is ${crop.width}×${crop.height}; ${this.entry.id} needs ${width}×${height}`);
      }
      const base = n * pixels * 3;
      const d = crop.data;
      for (let i = 0; i < pixels * 3; i += 3) {
        input[base + i] = (d[i]! - m0) / s0;
        input[base + i + 1] = (d[i + 1]! - m1) / s1;
        input[base + i + 2] = (d[i + 2]! - m2) / s2;
      }
    });
    const result = await this.session.run({ [name]: new ort.Tensor('float32', input, [crops.length, height, width, 3]) });
    const output = result[this.entry.output.name];
    if (!output) throw new Error(`${this.entry.id}: no output named ${this.entry.output.name}`);
    const data = output.data as Float32Array;
    const size = this.entry.embeddingSize;
    if (data.length !== crops.length * size) throw new Error(`${this.entry.id}: ${data.length} outputs for ${crops.length} faces`);
    return crops.map((_, n) => {
      const v = data.slice(n * size, (n + 1) * size);
      return normalise(v, v);
    });
  }
}
