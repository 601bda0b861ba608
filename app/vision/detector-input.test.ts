import { describe, expect, it } from 'vitest';
import { fillDetectorInput } from './detector-input.js';
import type { ModelNormalization } from '../shared/model-manifest.js';
import type { RgbImage } from './rgb-image.js';

/** A 4×3 image whose pixel (x, y) has colour (x·50, y·100, 255). */
function gradient(): RgbImage {
  const data = new Uint8Array(4 * 3 * 3);
  for (let y = 0; y < 3; y++) for (let x = 0; x < 4; x++) data.set([x * 50, y * 100, 255], (y * 4 + x) * 3);
  return { data, width: 4, height: 3 };
}

/** BlazeFace's normalisation (its manifest entries): RGB to [-1, 1]. */
const MINUS_ONE_TO_ONE = { mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] } as ModelNormalization;

describe('fillDetectorInput', () => {
  it('copies the window as NHWC RGB in [-1, 1]', () => {
    const out = fillDetectorInput(gradient(), 1, 1, 2, MINUS_ONE_TO_ONE);
    // (0,0) of the window = pixel (1,1) = (50, 100, 255).
    expect(out[0]).toBeCloseTo(50 / 127.5 - 1, 6);
    expect(out[1]).toBeCloseTo(100 / 127.5 - 1, 6);
    expect(out[2]).toBeCloseTo(1, 6);
    // (1,1) of the window = pixel (2,2) = (100, 200, 255).
    expect(out[(1 * 2 + 1) * 3]).toBeCloseTo(100 / 127.5 - 1, 6);
    expect(out[(1 * 2 + 1) * 3 + 1]).toBeCloseTo(200 / 127.5 - 1, 6);
  });

  it('pads outside the image with black (-1) on every side', () => {
    const out = fillDetectorInput(gradient(), -2, -1, 8, MINUS_ONE_TO_ONE);
    // Row 0 is above the image, column 0–1 left of it, columns 6–7 right of it.
    expect(out.slice(0, 8 * 3).every((v) => v === -1)).toBe(true);
    const at = (x: number, y: number, c: number): number => out[(y * 8 + x) * 3 + c] as number;
    expect(at(1, 1, 2)).toBe(-1);
    expect(at(2, 1, 2)).toBeCloseTo(1, 6); // pixel (0, 0)
    expect(at(5, 3, 0)).toBeCloseTo(150 / 127.5 - 1, 6); // pixel (3, 2)
    expect(at(6, 3, 2)).toBe(-1);
    expect(at(2, 4, 2)).toBe(-1);
  });

  it('mirrors the image across its edges when asked, however far the window reaches', () => {
    const out = fillDetectorInput(gradient(), -2, -1, 8, MINUS_ONE_TO_ONE, undefined, true);
    const red = (x: number, y: number): number => Math.round(((out[(y * 8 + x) * 3] as number) + 1) * 127.5);
    const green = (x: number, y: number): number => Math.round(((out[(y * 8 + x) * 3 + 1] as number) + 1) * 127.5);
    // Window columns 0..7 are image columns -2..5: reflected to 1 0 | 0 1 2 3 | 3 2 (red = x·50).
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((x) => red(x, 1))).toEqual([50, 0, 0, 50, 100, 150, 150, 100]);
    // Window rows 0..7 are image rows -1..6: 0 | 0 1 2 | 2 1 0 | 0 (green = y·100).
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((y) => green(2, y))).toEqual([0, 0, 100, 200, 200, 100, 0, 0]);
  });

  it('reuses the output buffer and checks its size', () => {
    const buffer = new Float32Array(2 * 2 * 3).fill(7);
    expect(fillDetectorInput(gradient(), 10, 10, 2, MINUS_ONE_TO_ONE, buffer)).toBe(buffer);
    expect([...buffer].every((v) => v === -1)).toBe(true);
    expect(() => fillDetectorInput(gradient(), 0, 0, 3, MINUS_ONE_TO_ONE, buffer)).toThrow(/floats/);
  });

  it('normalises each channel with its own mean and std, black padding included', () => {
    const out = fillDetectorInput(gradient(), 0, -1, 2, { mean: [10, 100, 255], std: [2, 2, 255] });
    expect([...out.slice(0, 3)]).toEqual([-5, -50, -1]); // padding: black (0, 0, 0)
    expect([...out.slice(6, 9)]).toEqual([-5, -50, 0]); // pixel (0, 0) = (0, 0, 255)
  });
});
