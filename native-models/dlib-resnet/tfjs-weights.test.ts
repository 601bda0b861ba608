import { describe, expect, it } from 'vitest';
import { decodeTfjsWeights, type TfjsWeightsManifest } from './tfjs-weights.js';

describe('decodeTfjsWeights', () => {
  it('dequantizes uint8/uint16 as q * scale + min and reads float32 as is, across concatenated shards', () => {
    const manifest: TfjsWeightsManifest = [
      {
        paths: ['a.bin', 'b.bin'],
        weights: [
          { name: 'q8', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } },
          { name: 'f32', shape: [2], dtype: 'float32' },
          { name: 'q16', shape: [1], dtype: 'float32', quantization: { dtype: 'uint16', scale: 0.01, min: 2 } },
        ],
      },
    ];
    const f32 = new Uint8Array(new Float32Array([1.25, -3]).buffer);
    const shards: Record<string, Uint8Array> = {
      'a.bin': Uint8Array.from([0, 2, 255, f32[0]!]),
      'b.bin': Uint8Array.from([...f32.slice(1), 0x2c, 0x01]), // uint16 300, little-endian
    };
    const w = decodeTfjsWeights(manifest, (p) => shards[p]!);
    expect(Array.from(w.get('q8')!.data)).toEqual([-1, 0, 126.5]);
    expect(Array.from(w.get('f32')!.data)).toEqual([1.25, -3]);
    expect(w.get('q16')!.data[0]).toBeCloseTo(5, 5);
    expect(w.get('q8')!.shape).toEqual([3]);
  });

  it('refuses shards that are too short or too long', () => {
    const manifest: TfjsWeightsManifest = [{ paths: ['x'], weights: [{ name: 'w', shape: [2, 2], dtype: 'float32' }] }];
    expect(() => decodeTfjsWeights(manifest, () => new Uint8Array(8))).toThrow(/weights w: needs bytes 0\.\.16/);
    expect(() => decodeTfjsWeights(manifest, () => new Uint8Array(20))).toThrow(/4 bytes left over/);
  });
});
