import { describe, expect, it } from 'vitest';
import { cellPosition, gridLayout, scrollToReveal, visibleRange } from './virtual-grid-layout.js';

describe('virtual grid layout', () => {
  const layout = gridLayout({ width: 1000, count: 10_000, minCellWidth: 180, gap: 8, aspect: 1 });

  it('fits as many columns as the minimum width allows and stretches them to fill the row', () => {
    expect(layout.columns).toBe(5); // 5 × 180 + 4 × 8 = 932 ≤ 1000 < 6 × 180 + 5 × 8
    expect(layout.cellWidth * 5 + 8 * 4).toBeCloseTo(1000);
    expect(layout.rows).toBe(2000);
    expect(layout.totalHeight).toBe(2000 * layout.rowHeight - 8);
    expect(gridLayout({ width: 100, count: 3, minCellWidth: 180, gap: 8, aspect: 1 }).columns).toBe(1);
  });

  it('renders only the rows in view plus the overscan, wherever the scroll is', () => {
    const top = visibleRange(layout, 0, 800, 2);
    expect(top.start).toBe(0);
    expect(top.end).toBe(Math.min(10_000, (Math.floor(800 / layout.rowHeight) + 3) * 5));
    const middle = visibleRange(layout, 100_000, 800, 2);
    expect(middle.end - middle.start).toBeLessThanOrEqual((Math.ceil(800 / layout.rowHeight) + 5) * 5);
    expect(cellPosition(layout, middle.start).y).toBeLessThanOrEqual(100_000);
    expect(cellPosition(layout, middle.end - 1).y + layout.cellHeight).toBeGreaterThanOrEqual(100_800);
    const bottom = visibleRange(layout, layout.totalHeight - 800, 800, 2);
    expect(bottom.end).toBe(10_000);
  });

  it('handles an empty grid and a hidden viewport', () => {
    const empty = gridLayout({ width: 1000, count: 0, minCellWidth: 180, gap: 8, aspect: 1 });
    expect(empty.totalHeight).toBe(0);
    expect(visibleRange(empty, 0, 800)).toEqual({ start: 0, end: 0 });
    expect(visibleRange(layout, 0, 0, 2)).toEqual({ start: 0, end: 10 });
  });

  it('scrolls just enough to reveal a cell', () => {
    expect(scrollToReveal(layout, 0, 500, 800)).toBe(0);
    const far = 5 * 100;
    const y = cellPosition(layout, far).y;
    expect(scrollToReveal(layout, far, 0, 800)).toBe(y + layout.cellHeight - 800);
    expect(scrollToReveal(layout, far, y, 800)).toBe(y);
  });
});
