import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN_OPTIONS, planDetectionRuns, smallestPlannedFace, tileStarts, type DetectionRun } from './detection-plan.js';

/** Does some run see a face of this box (original pixels) whole and at a size it trusts? */
function covered(runs: readonly DetectionRun[], width: number, x: number, y: number, size: number): boolean {
  return runs.some((r) => {
    const s = r.scaledWidth / width;
    const w = size * s;
    if (w < r.targetBox || w > r.maxBox) return false;
    if (!r.tile) return true;
    const left = x * s - r.left;
    const top = y * s - r.top;
    // Inside the window, away from edges that lie inside the photo.
    const okLeft = r.left <= 0 || left >= 1;
    const okTop = r.top <= 0 || top >= 1;
    const okRight = r.left + r.size >= r.scaledWidth || left + w <= r.size - 1;
    const okBottom = r.top + r.size >= r.scaledHeight || top + w <= r.size - 1;
    return okLeft && okTop && okRight && okBottom;
  });
}

describe('tileStarts', () => {
  it('covers the length with evenly spaced windows overlapping by at least the overlap', () => {
    const starts = tileStarts(1000, 256, 64);
    expect(starts[0]).toBe(0);
    expect(starts.at(-1)).toBe(1000 - 256);
    for (let i = 1; i < starts.length; i++) expect(256 - ((starts[i] as number) - (starts[i - 1] as number))).toBeGreaterThanOrEqual(64);
    expect(starts).toHaveLength(Math.ceil((1000 - 256) / 192) + 1);
  });

  it('centres a single window on a short side', () => {
    expect(tileStarts(200, 256, 64)).toEqual([-28]);
    expect(tileStarts(256, 256, 64)).toEqual([0]);
  });
});

describe('planDetectionRuns', () => {
  it('uses only the three whole-image runs for small photos', () => {
    const runs = planDetectionRuns(150, 150);
    expect(runs.map((r) => [r.detector, r.mirrored])).toEqual([['back', false], ['front', false], ['back', true]]);
    // Front-128 sees the photo padded to twice its size: 150 px → 64 px in the middle of 128.
    expect(runs[1]).toMatchObject({ scaledWidth: 64, left: -32, top: -32, size: 128 });
    // The mirrored run sees it padded to 1.5×: 150 px → 171 px in the middle of 256.
    expect(runs[2]).toMatchObject({ scaledWidth: 171, left: -42, top: -42, size: 256 });
  });

  it('keeps the number of runs bounded on large photos', () => {
    for (const [w, h] of [[4000, 3000], [6000, 4000], [12000, 9000], [3000, 4000]] as const) {
      const runs = planDetectionRuns(w, h);
      expect(runs.filter((r) => r.tile).length).toBeLessThanOrEqual(DEFAULT_PLAN_OPTIONS.maxTileRuns);
    }
  });

  it('looks for faces from 24 px, or from 1/60 of the longer side in large photos, at a cost that stops growing', () => {
    for (const [w, h] of [[512, 512], [1000, 750], [1440, 1080]] as const) {
      expect(smallestPlannedFace(w, h, planDetectionRuns(w, h))).toBeCloseTo(24, 0);
    }
    for (const [w, h] of [[2000, 1500], [4000, 3000], [3000, 4000], [6000, 4000]] as const) {
      expect(smallestPlannedFace(w, h, planDetectionRuns(w, h))).toBeCloseTo(Math.max(w, h) / 60, 0);
    }
    const runs = [[1440, 1080], [2000, 1500], [4000, 3000], [6000, 4000]].map(([w, h]) => planDetectionRuns(w!, h!).length);
    expect(Math.max(...runs)).toBeLessThanOrEqual(30);
  });

  it('sees every face from the smallest planned size to the full frame whole in a trusted run', () => {
    for (const [w, h] of [[600, 400], [1366, 768], [1920, 1280], [4000, 3000], [768, 1366]] as const) {
      const runs = planDetectionRuns(w, h);
      const smallest = smallestPlannedFace(w, h, runs);
      let seed = 12345;
      const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      for (let size = smallest * 1.001; size < Math.min(w, h); size *= 1.1) {
        for (let i = 0; i < 400; i++) {
          const x = random() * (w - size);
          const y = random() * (h - size);
          if (!covered(runs, w, x, y, size)) throw new Error(`${w}x${h}: face ${size.toFixed(0)} px at (${x.toFixed(0)}, ${y.toFixed(0)}) not covered`);
        }
      }
    }
  });
});
