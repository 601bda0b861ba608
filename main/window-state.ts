/**
 * The window as the user left it: size, position, maximised, and the last view — a small JSON file in userData,
 * validated when read (a damaged or hand-edited file is ignored, never trusted). A position that no display shows
 * any more (a monitor unplugged) is moved back onto the primary display.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const MAX_SIZE = 100_000;
const coordinate = z.int().min(-MAX_SIZE).max(MAX_SIZE);
const size = z.int().min(1).max(MAX_SIZE);

export const WindowStateSchema = z.object({
  bounds: z.object({ x: coordinate, y: coordinate, width: size, height: size }),
  maximized: z.boolean(),
  /** The view's id as the renderer's hash names it (`photos`, `people`): letters only, so it cannot smuggle a URL. */
  view: z.string().regex(/^[a-z][a-z-]{0,31}$/).nullable(),
});
export type WindowState = z.output<typeof WindowStateSchema>;

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_SIZE = { width: 1280, height: 820 };
export const MIN_SIZE = { width: 760, height: 480 };
/** How much of the title bar must show on some display for a position to count as visible. */
const GRAB_MARGIN = 48;

/** The saved state, or null when there is none or it does not validate. */
export function loadWindowState(file: string): WindowState | null {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  const parsed = WindowStateSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** Writes the state atomically (a crash mid-write leaves the old file). */
export function saveWindowState(file: string, state: WindowState): void {
  const valid = WindowStateSchema.parse(state);
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(valid));
  renameSync(temp, file);
}

/**
 * Bounds that fit the current displays: the saved ones when enough of the title bar shows on some display's work
 * area, else the same size (shrunk to fit) centred on the primary display. No saved state: the default size, centred.
 */
export function fitToDisplays(saved: Rectangle | null, workAreas: readonly Rectangle[], primary: Rectangle): Rectangle {
  const width = Math.max(MIN_SIZE.width, Math.min(saved?.width ?? DEFAULT_SIZE.width, primary.width));
  const height = Math.max(MIN_SIZE.height, Math.min(saved?.height ?? DEFAULT_SIZE.height, primary.height));
  if (saved && workAreas.some((area) => titleBarShows(saved, area))) return { ...saved, width: Math.max(saved.width, MIN_SIZE.width), height: Math.max(saved.height, MIN_SIZE.height) };
  return {
    x: primary.x + Math.max(0, Math.round((primary.width - width) / 2)),
    y: primary.y + Math.max(0, Math.round((primary.height - height) / 2)),
    width,
    height,
  };
}

/** The top strip of the window (where it is dragged from) overlaps the area by at least a grab's worth each way. */
function titleBarShows(bounds: Rectangle, area: Rectangle): boolean {
  const left = Math.max(bounds.x, area.x);
  const right = Math.min(bounds.x + bounds.width, area.x + area.width);
  const top = bounds.y;
  return right - left >= GRAB_MARGIN && top >= area.y && top + GRAB_MARGIN <= area.y + area.height;
}

/** What saving needs of a BrowserWindow. */
export interface StatefulWindowLike {
  on(event: 'close', listener: () => void): unknown;
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
  webContents: { getURL(): string };
}

/** Saves the window's state to `file` when it closes (a failed save is not worth failing a quit over). */
export function saveWindowStateOnClose(window: StatefulWindowLike, file: string): void {
  window.on('close', () => {
    try {
      saveWindowState(file, { bounds: window.getNormalBounds(), maximized: window.isMaximized(), view: viewOfUrl(window.webContents.getURL()) });
    } catch {
      // The next start opens at the default place.
    }
  });
}

/** The view a renderer URL shows (`kindred://app/index.html#/people/4` → `people`), or null. */
export function viewOfUrl(url: string): string | null {
  const match = /#\/([a-z][a-z-]{0,31})(?:[/?]|$)/.exec(url);
  return match ? match[1]! : null;
}
