import type { WeightEntry, WeightsManifestGroup } from './tfjs-model-json.js';
import { sizeOf, type TensorData } from './tensor-data.js';

/**
 * Decodes the weights of a tfjs model into named tensors.
 * `shards[g]` holds the bytes of group g's files, in the order of its `paths`; each group's weights
 * lie back to back across the concatenation of its shards. Float16 and uint8/uint16-quantized
 * weights are expanded to float32 (int32 ones are rounded after dequantization, as tfjs does).
 */
export function decodeWeights(manifest: readonly WeightsManifestGroup[], shards: readonly (readonly Uint8Array[])[]): Map<string, TensorData> {
  if (shards.length !== manifest.length) throw new Error(`${shards.length} shard lists for ${manifest.length} weight groups`);
  const out = new Map<string, TensorData>();
  manifest.forEach((group, g) => {
    const bytes = concat(shards[g]!);
    let offset = 0;
    for (const entry of group.weights) {
      const length = storedByteLength(entry);
      if (offset + length > bytes.length) {
        throw new Error(`weight "${entry.name}" needs bytes ${offset}..${offset + length} but group ${g} holds ${bytes.length}`);
      }
      out.set(entry.name, decodeWeight(entry, bytes.subarray(offset, offset + length)));
      offset += length;
    }
    if (offset !== bytes.length) throw new Error(`weight group ${g}: ${bytes.length - offset} bytes left over after its weights`);
  });
  return out;
}

/** Bytes one weight occupies in its shard. */
export function storedByteLength(entry: WeightEntry): number {
  const size = sizeOf(entry.shape);
  if (entry.quantization) return size * (entry.quantization.dtype === 'uint8' ? 1 : 2);
  switch (entry.dtype) {
    case 'float32':
    case 'int32':
      return size * 4;
    case 'bool':
      return size;
    default:
      throw new Error(`weight "${entry.name}": dtype ${entry.dtype} is not supported`);
  }
}

function decodeWeight(entry: WeightEntry, bytes: Uint8Array): TensorData {
  const shape = [...entry.shape];
  const size = sizeOf(shape);
  const q = entry.quantization;
  if (q) {
    const stored = q.dtype === 'uint8' ? Uint8Array.from(bytes) : new Uint16Array(copy(bytes).buffer);
    if (q.dtype === 'float16') {
      if (entry.dtype !== 'float32') throw new Error(`weight "${entry.name}": float16 quantization of ${entry.dtype}`);
      return { dtype: 'float32', shape, data: Float32Array.from(stored, halfToFloat) };
    }
    if (q.scale === undefined || q.min === undefined) throw new Error(`weight "${entry.name}": ${q.dtype} quantization lacks scale/min`);
    const { scale, min } = q;
    if (entry.dtype === 'float32') return { dtype: 'float32', shape, data: Float32Array.from(stored, (v) => v * scale + min) };
    if (entry.dtype === 'int32') return { dtype: 'int32', shape, data: Int32Array.from(stored, (v) => Math.round(v * scale + min)) };
    throw new Error(`weight "${entry.name}": ${q.dtype} quantization of ${entry.dtype}`);
  }
  // Copy so that the typed array is aligned; shards are little-endian like every platform we ship on.
  switch (entry.dtype) {
    case 'float32':
      return { dtype: 'float32', shape, data: new Float32Array(copy(bytes).buffer, 0, size) };
    case 'int32':
      return { dtype: 'int32', shape, data: new Int32Array(copy(bytes).buffer, 0, size) };
    case 'bool':
      return { dtype: 'bool', shape, data: Uint8Array.from(bytes) };
    default:
      throw new Error(`weight "${entry.name}": dtype ${entry.dtype} is not supported`);
  }
}

/** IEEE 754 half-precision bits → number. */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A fresh, zero-offset copy (Node's Buffer.slice would share memory at an odd offset). */
function copy(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}
