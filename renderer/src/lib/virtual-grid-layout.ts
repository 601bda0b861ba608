/**
 * The arithmetic of a virtualised grid: how many columns fit, how tall the whole grid is, and which cells a scroll
 * position shows. Only those cells are rendered, so the DOM stays the same size at 100 items or 100,000.
 */

export interface GridLayoutInput {
  /** Width available to the grid, in CSS pixels. */
  width: number;
  count: number;
  /** Cells are at least this wide; columns fill the width. */
  minCellWidth: number;
  gap: number;
  /** Cell height as a fraction of its width (1 = square). */
  aspect: number;
  /** Fixed height added under each cell (a caption). */
  captionHeight?: number;
}

export interface GridLayout {
  columns: number;
  cellWidth: number;
  cellHeight: number;
  /** Cell height plus the gap below it. */
  rowHeight: number;
  rows: number;
  totalHeight: number;
  gap: number;
  count: number;
}

export function gridLayout(input: GridLayoutInput): GridLayout {
  const { width, count, minCellWidth, gap, aspect } = input;
  const usable = Math.max(0, width);
  const columns = Math.max(1, Math.floor((usable + gap) / (minCellWidth + gap)));
  const cellWidth = Math.max(1, (usable - gap * (columns - 1)) / columns);
  const cellHeight = Math.round(cellWidth * aspect + (input.captionHeight ?? 0));
  const rowHeight = cellHeight + gap;
  const rows = Math.ceil(Math.max(0, count) / columns);
  return { columns, cellWidth, cellHeight, rowHeight, rows, totalHeight: Math.max(0, rows * rowHeight - gap), gap, count };
}

/** The cells (start inclusive, end exclusive) in view, plus `overscanRows` above and below. */
export function visibleRange(layout: GridLayout, scrollTop: number, viewportHeight: number, overscanRows = 2): { start: number; end: number } {
  if (layout.count === 0 || viewportHeight <= 0) return { start: 0, end: Math.min(layout.count, layout.columns * overscanRows) };
  const firstRow = Math.max(0, Math.floor(scrollTop / layout.rowHeight) - overscanRows);
  const lastRow = Math.min(layout.rows - 1, Math.floor((scrollTop + viewportHeight) / layout.rowHeight) + overscanRows);
  return { start: firstRow * layout.columns, end: Math.min(layout.count, (lastRow + 1) * layout.columns) };
}

/** Where cell `index` sits. */
export function cellPosition(layout: GridLayout, index: number): { x: number; y: number } {
  const row = Math.floor(index / layout.columns);
  const column = index % layout.columns;
  return { x: column * (layout.cellWidth + layout.gap), y: row * layout.rowHeight };
}

/** The scrollTop that brings cell `index` into view (unchanged when it already is). */
export function scrollToReveal(layout: GridLayout, index: number, scrollTop: number, viewportHeight: number): number {
  const { y } = cellPosition(layout, index);
  if (y < scrollTop) return y;
  if (y + layout.cellHeight > scrollTop + viewportHeight) return y + layout.cellHeight - viewportHeight;
  return scrollTop;
}
