import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir.js';
import {
  asOrientation,
  clipToImage,
  displayedSize,
  displayedToStored,
  fromCentre,
  storedToDisplayed,
  toCentre,
  toPixelBox,
  type Orientation,
} from './region-geometry.js';
import { findMark, writeOrientedJpeg } from './testing/oriented-photos.js';

const ALL: Orientation[] = [1, 2, 3, 4, 5, 6, 7, 8];
const { dir, cleanup } = makeTempDir('kindred-geometry-');
afterAll(cleanup);

describe('region geometry', () => {
  it('maps a stored rectangle to where libvips (sharp) displays it, for all 8 EXIF orientations', async () => {
    // An asymmetric mark in a non-square image: any wrong flip or turn lands it elsewhere.
    const [W, H] = [96, 64];
    const mark = { x: 8, y: 16, width: 24, height: 8, colour: 'red' as const };
    for (const orientation of ALL) {
      const path = join(dir, `o${orientation}.jpg`);
      await writeOrientedJpeg(path, { width: W, height: H, orientation, marks: [mark] });
      const truth = await findMark(path, 'red');
      const size = displayedSize(W, H, orientation);
      expect([truth.imageWidth, truth.imageHeight], `displayed size, orientation ${orientation}`).toEqual([size.width, size.height]);
      const stored = { x: mark.x / W, y: mark.y / H, w: mark.width / W, h: mark.height / H };
      const box = toPixelBox(storedToDisplayed(stored, orientation), size.width, size.height);
      for (const key of ['x', 'y', 'width', 'height'] as const) {
        expect(Math.abs(box[key] - truth[key]), `orientation ${orientation} ${key}: ${box[key]} vs ${truth[key]}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('displayedToStored undoes storedToDisplayed', () => {
    const rect = { x: 0.1, y: 0.2, w: 0.3, h: 0.15 };
    for (const o of ALL) {
      const back = displayedToStored(storedToDisplayed(rect, o), o);
      expect(back.x).toBeCloseTo(rect.x, 12);
      expect(back.y).toBeCloseTo(rect.y, 12);
      expect(back.w).toBeCloseTo(rect.w, 12);
      expect(back.h).toBeCloseTo(rect.h, 12);
    }
    // A quarter turn clockwise (6) is not its own inverse: the stored top-left corner shows at the top right.
    const near = (x: number, y: number, w: number, h: number) =>
      ({ x: expect.closeTo(x, 12), y: expect.closeTo(y, 12), w: expect.closeTo(w, 12), h: expect.closeTo(h, 12) });
    expect(storedToDisplayed({ x: 0, y: 0, w: 0.1, h: 0.2 }, 6)).toEqual(near(0.8, 0, 0.2, 0.1));
    expect(storedToDisplayed({ x: 0, y: 0, w: 0.1, h: 0.2 }, 8)).toEqual(near(0, 0.9, 0.2, 0.1));
  });

  it('converts MWG centre areas and clips what spills over the edge, dropping what lies outside', () => {
    expect(fromCentre({ x: 0.5, y: 0.5, w: 0.2, h: 0.4 })).toEqual({ x: 0.4, y: 0.3, w: 0.2, h: 0.4 });
    expect(toCentre({ x: 0.4, y: 0.3, w: 0.2, h: 0.4 })).toEqual({ x: 0.5, y: 0.5, w: 0.2, h: 0.4 });
    expect(clipToImage({ x: -0.1, y: 0.9, w: 0.3, h: 0.2 })).toEqual({ x: 0, y: 0.9, w: expect.closeTo(0.2, 12), h: expect.closeTo(0.1, 12) });
    expect(clipToImage({ x: 1.05, y: 0.5, w: 0.2, h: 0.2 })).toBeNull(); // centre at 1.15
    expect(clipToImage({ x: 0.1, y: 0.1, w: 0, h: 0.2 })).toBeNull();
    expect(clipToImage({ x: Number.NaN, y: 0.1, w: 0.1, h: 0.2 })).toBeNull();
    expect([asOrientation(0), asOrientation('6'), asOrientation(9), asOrientation(undefined)]).toEqual([1, 6, 1, 1]);
  });
});
