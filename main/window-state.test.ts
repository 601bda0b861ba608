import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../app/testing/temp-dir.js';
import { fitToDisplays, loadWindowState, saveWindowState, viewOfUrl } from './window-state.js';

let temp: { dir: string; cleanup(): void };
beforeEach(() => (temp = makeTempDir('kindred-window-')));
afterEach(() => temp.cleanup());

const primary = { x: 0, y: 0, width: 1920, height: 1040 };

describe('window state', () => {
  it('round-trips through its file; a missing, damaged or out-of-range file reads as none', () => {
    const file = join(temp.dir, 'nested', 'window-state.json');
    expect(loadWindowState(file)).toBeNull();
    const state = { bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: true, view: 'people' };
    saveWindowState(file, state);
    expect(loadWindowState(file)).toEqual(state);
    for (const bad of ['{', '[]', JSON.stringify({ ...state, bounds: { ...state.bounds, width: -5 } }), JSON.stringify({ ...state, view: 'javascript:alert(1)' })]) {
      writeFileSync(file, bad);
      expect(loadWindowState(file)).toBeNull();
    }
  });

  it('keeps a position a display still shows; moves one off every display back onto the primary', () => {
    const second = { x: 1920, y: 0, width: 1280, height: 1000 };
    const onSecond = { x: 2000, y: 40, width: 1000, height: 700 };
    expect(fitToDisplays(onSecond, [primary, second], primary)).toEqual(onSecond);
    expect(fitToDisplays(onSecond, [primary], primary)).toEqual({ x: 460, y: 170, width: 1000, height: 700 });
    // Title bar above the top of the screen: it could not be dragged back.
    expect(fitToDisplays({ x: 100, y: -300, width: 1000, height: 700 }, [primary], primary)).toEqual({ x: 460, y: 170, width: 1000, height: 700 });
    // Bigger than the display now: shrunk to fit it.
    expect(fitToDisplays({ x: 5000, y: 5000, width: 4000, height: 3000 }, [primary], primary)).toEqual({ x: 0, y: 0, width: 1920, height: 1040 });
    expect(fitToDisplays(null, [primary], primary)).toEqual({ x: 320, y: 110, width: 1280, height: 820 });
  });

  it('reads the view from the renderer URL, letters only', () => {
    expect(viewOfUrl('kindred://app/index.html#/people/4')).toBe('people');
    expect(viewOfUrl('kindred://app/index.html#/photos')).toBe('photos');
    expect(viewOfUrl('kindred://app/index.html')).toBeNull();
    expect(viewOfUrl('kindred://app/index.html#//evil.example')).toBeNull();
  });
});
