import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { readTfjsGraphModel } from './read-tfjs-model.js';
import { TestGraph, randomFloats } from './test-graph.js';
import type { WeightEntry, WeightsManifestGroup } from './tfjs-model-json.js';
import { decodeWeights, halfToFloat } from './weights.js';

/** Bytes of a float32 → float16 conversion (round to nearest), written independently of the decoder under test. */
function toHalfBits(x: number): number {
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer)[0]!;
  const sign = (u >>> 16) & 0x8000;
  const exp = ((u >>> 23) & 0xff) - 127 + 15;
  const mant = u & 0x7fffff;
  if (exp <= 0) return sign | Math.round((mant | 0x800000) / 2 ** (14 - exp));
  return sign | (exp << 10) | Math.round(mant / 2 ** 13);
}

const tfDecode = (bytes: Uint8Array, specs: WeightEntry[]): Record<string, Float32Array | Int32Array | Uint8Array> => {
  const out = tf.io.decodeWeights(new Uint8Array(bytes).buffer, specs as tf.io.WeightsManifestEntry[]);
  return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t.dataSync() as Float32Array]));
};

describe('decodeWeights', () => {
  it('decodes float32, int32, bool, float16, uint8 and uint16 weights exactly as tfjs does', async () => {
    await tf.setBackend('cpu');
    const f32 = randomFloats(6, 1);
    const halfValues = [0, 1, -2.5, 65504, 6.1e-5, 3e-7, -0.333];
    const u8 = Uint8Array.from([0, 1, 127, 255]);
    const u16 = Uint16Array.from([0, 1000, 65535]);
    const specs: WeightEntry[] = [
      { name: 'f32', shape: [2, 3], dtype: 'float32' },
      { name: 'i32', shape: [3], dtype: 'int32' },
      { name: 'bool', shape: [2], dtype: 'bool' },
      { name: 'f16', shape: [7], dtype: 'float32', quantization: { dtype: 'float16' } },
      { name: 'u8', shape: [2, 2], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.01, min: -1.2 } },
      { name: 'u16', shape: [3], dtype: 'float32', quantization: { dtype: 'uint16', scale: 0.001, min: 0.5 } },
      { name: 'u8int', shape: [4], dtype: 'int32', quantization: { dtype: 'uint8', scale: 0.5, min: -3 } },
    ];
    const bytes = Buffer.concat([
      new Uint8Array(f32.buffer),
      new Uint8Array(Int32Array.from([-7, 0, 123456]).buffer),
      Uint8Array.from([1, 0]),
      new Uint8Array(Uint16Array.from(halfValues.map(toHalfBits)).buffer),
      u8,
      new Uint8Array(u16.buffer),
      u8,
    ]);
    // Split the group into two shards mid-tensor.
    const group: WeightsManifestGroup = { paths: ['a', 'b'], weights: specs };
    const ours = decodeWeights([group], [[bytes.subarray(0, 10), bytes.subarray(10)]]);
    const theirs = tfDecode(bytes, specs);
    for (const s of specs) {
      const t = ours.get(s.name)!;
      expect(t.shape, s.name).toEqual(s.shape);
      expect(Array.from(t.data), s.name).toEqual(Array.from(theirs[s.name]!));
    }
    expect(ours.get('i32')!.dtype).toBe('int32');
    expect(Array.from(ours.get('u8int')!.data)).toEqual([-3, -2, 61, 125]);
    expect(Array.from(ours.get('f16')!.data.slice(0, 4))).toEqual([0, 1, -2.5, 65504]);
  });

  it('decodes half-precision specials', () => {
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0xfc00)).toBe(-Infinity);
    expect(halfToFloat(0x7e00)).toBeNaN();
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(halfToFloat(0x3555)).toBeCloseTo(0.33325, 5);
  });

  it('refuses shards that are too short or too long, and unknown dtypes', () => {
    const group: WeightsManifestGroup = { paths: ['a'], weights: [{ name: 'w', shape: [2], dtype: 'float32' }] };
    expect(() => decodeWeights([group], [[new Uint8Array(4)]])).toThrow(/weight "w" needs bytes 0..8/);
    expect(() => decodeWeights([group], [[new Uint8Array(12)]])).toThrow(/4 bytes left over/);
    const str: WeightsManifestGroup = { paths: ['a'], weights: [{ name: 's', shape: [1], dtype: 'string' }] };
    expect(() => decodeWeights([str], [[new Uint8Array(8)]])).toThrow(/dtype string is not supported/);
  });
});

describe('readTfjsGraphModel', () => {
  it('reads model.json and its shards from a folder', async () => {
    const g = new TestGraph();
    g.input('x', [1, 2]);
    g.op('y', 'Mul', ['x', g.constant('k', [2], [3, -4])]);
    const dir = await mkdtemp(join(tmpdir(), 'tfjs-graph-'));
    try {
      await writeFile(join(dir, 'model.json'), JSON.stringify(g.json()));
      await writeFile(join(dir, 'weights.bin'), g.weightBytes());
      const model = await readTfjsGraphModel(join(dir, 'model.json'));
      expect(model.json.modelTopology.node.map((n) => n.op)).toEqual(['Placeholder', 'Const', 'Mul']);
      expect(Array.from(model.weights.get('k')!.data)).toEqual([3, -4]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
