/**
 * Reads TensorFlow.js weight files (a `*-weights_manifest.json` plus its `.bin` shards) into float32 arrays,
 * dequantizing the way tfjs does (`io.decodeWeights`): value = q · scale + min, computed in double, stored as float32.
 */

/** One entry of a tfjs weights manifest. */
export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  quantization?: { dtype: 'uint8' | 'uint16' | 'float16'; scale?: number; min?: number };
}

/** A tfjs weights manifest: groups of weights, each stored across the listed shard files. */
export type TfjsWeightsManifest = Array<{ paths: string[]; weights: TfjsWeightSpec[] }>;

/** A decoded weight tensor. */
export interface WeightTensor {
  shape: number[];
  data: Float32Array;
}

const bytesPer = { float32: 4, int32: 4, uint8: 1, uint16: 2, float16: 2 } as const;

/**
 * Decodes every weight of the manifest. `readShard(path)` returns the bytes of a shard named in `paths`;
 * the shards of one group are concatenated, as tfjs does.
 */
export function decodeTfjsWeights(
  manifest: TfjsWeightsManifest,
  readShard: (path: string) => Uint8Array,
): Map<string, WeightTensor> {
  const out = new Map<string, WeightTensor>();
  for (const group of manifest) {
    const shards = group.paths.map(readShard);
    const total = shards.reduce((n, s) => n + s.byteLength, 0);
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const s of shards) {
      bytes.set(s, at);
      at += s.byteLength;
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let offset = 0;
    for (const spec of group.weights) {
      const count = spec.shape.reduce((a, b) => a * b, 1);
      const storage = spec.quantization?.dtype ?? spec.dtype;
      const size = count * bytesPer[storage];
      if (offset + size > bytes.byteLength) {
        throw new Error(`weights ${spec.name}: needs bytes ${offset}..${offset + size}, shard holds ${bytes.byteLength}`);
      }
      out.set(spec.name, { shape: spec.shape, data: decodeOne(spec, view, offset, count) });
      offset += size;
    }
    if (offset !== bytes.byteLength) {
      throw new Error(`weights group ${group.paths.join(',')}: ${bytes.byteLength - offset} bytes left over`);
    }
  }
  return out;
}

function decodeOne(spec: TfjsWeightSpec, view: DataView, offset: number, count: number): Float32Array {
  const data = new Float32Array(count);
  const q = spec.quantization;
  if (!q) {
    for (let i = 0; i < count; i++) {
      data[i] = spec.dtype === 'int32' ? view.getInt32(offset + 4 * i, true) : view.getFloat32(offset + 4 * i, true);
    }
    return data;
  }
  if (q.dtype === 'float16') throw new Error(`weights ${spec.name}: float16 quantization is not supported`);
  if (q.scale === undefined || q.min === undefined) throw new Error(`weights ${spec.name}: quantization lacks scale/min`);
  for (let i = 0; i < count; i++) {
    const v = q.dtype === 'uint8' ? view.getUint8(offset + i) : view.getUint16(offset + 2 * i, true);
    data[i] = v * q.scale + q.min;
  }
  return data;
}
