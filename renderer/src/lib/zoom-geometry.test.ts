import { describe, expect, it } from 'vitest';
import { boxFromCorners, boxPercent, centreOf, clampToRect, clampZoom, fitScale, fractionAt, MAX_ZOOM, scaleBox, scrollToKeep, toggledZoom, zoomStep } from './zoom-geometry.js';

describe('zoom geometry', () => {
  it('fits the photo to the tighter side of the stage, less the padding', () => {
    expect(fitScale({ width: 1032, height: 632 }, { width: 2000, height: 1000 }, 16)).toBe(0.5); // width-bound
    expect(fitScale({ width: 1032, height: 432 }, { width: 2000, height: 1000 }, 16)).toBe(0.4); // height-bound
  });

  it('steps by doubling and halving, between fitted (1×) and the largest zoom', () => {
    expect(zoomStep(1, 1)).toBe(2);
    expect(zoomStep(4, 1)).toBe(MAX_ZOOM);
    expect(zoomStep(MAX_ZOOM, 1)).toBe(MAX_ZOOM);
    expect(zoomStep(2, -1)).toBe(1);
    expect(zoomStep(1, -1)).toBe(1);
    expect(clampZoom(0.25)).toBe(1);
    expect(clampZoom(100)).toBe(MAX_ZOOM);
    expect(toggledZoom(1)).toBe(2);
    expect(toggledZoom(4)).toBe(1);
  });

  it('keeps the photo point under the pointer where it was', () => {
    // The frame, centred with padding in a 1000 × 800 view, doubles in size about its top-left corner.
    const before = { left: 116, top: 166, width: 768, height: 468 };
    const pointer = { x: before.left + before.width * 0.3, y: before.top + before.height * 0.7 };
    const fraction = fractionAt(before, pointer);
    expect(fraction.x).toBeCloseTo(0.3);
    expect(fraction.y).toBeCloseTo(0.7);
    const after = { left: 16, top: 16, width: 1536, height: 936 };
    const by = scrollToKeep(after, fraction, pointer);
    // Scrolled by that much, the point is back under the pointer.
    const moved = { ...after, left: after.left - by.x, top: after.top - by.y };
    expect(moved.left + fraction.x * moved.width).toBeCloseTo(pointer.x);
    expect(moved.top + fraction.y * moved.height).toBeCloseTo(pointer.y);
    // Unzoomed, nothing moves.
    expect(scrollToKeep(before, fraction, pointer)).toEqual({ x: expect.closeTo(0) as number, y: expect.closeTo(0) as number });
    expect(centreOf({ left: 10, top: 20, width: 100, height: 50 })).toEqual({ x: 60, y: 45 });
  });

  it('turns a drag into a box whichever way it went, and keeps the pointer on the frame', () => {
    expect(boxFromCorners({ x: 50, y: 40 }, { x: 10, y: 100 })).toEqual({ x: 10, y: 40, width: 40, height: 60 });
    expect(boxFromCorners({ x: 5, y: 5 }, { x: 5, y: 5 })).toEqual({ x: 5, y: 5, width: 0, height: 0 });
    const rect = { left: 100, top: 50, width: 200, height: 100 };
    expect(clampToRect(rect, 150, 70)).toEqual({ x: 50, y: 20 });
    expect(clampToRect(rect, 20, 500)).toEqual({ x: 0, y: 100 });
    expect(clampToRect(rect, 999, -5)).toEqual({ x: 200, y: 0 });
  });

  it('maps boxes between frame pixels, photo pixels and percentages of the photo', () => {
    expect(scaleBox({ x: 10, y: 20, width: 30, height: 40 }, 0.5)).toEqual({ x: 5, y: 10, width: 15, height: 20 });
    expect(boxPercent({ x: 100, y: 50, width: 200, height: 100 }, { width: 1000, height: 500 })).toEqual({ x: 10, y: 10, width: 20, height: 20 });
  });
});
