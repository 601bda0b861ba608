/**
 * Bursts: frames taken within a couple of seconds of each other that look alike (photo-look.ts). A photographer
 * holding the shutter, or a few frames of one pose, makes one; the culling view stacks them with the best frame on
 * top. Frames without a capture time or a look are never part of a burst.
 */
import { lookDistance } from './photo-look.js';

/** Frames further apart than this (from the previous frame of the burst) start a new burst. */
export const BURST_GAP_MS = 2000;
/**
 * Look hashes further apart than this (bits of 64) are different scenes. Frames of one pose shifted by a few pixels
 * or softened by focus differ by a handful of bits; unrelated photos by ~32 on average, rarely under 20.
 */
export const BURST_MAX_LOOK_DISTANCE = 14;

export interface BurstFrame {
  id: number;
  takenAt: number | null;
  look: string | null;
}

/**
 * Groups frames into bursts: each frame joins the burst of the frame just before it in time when it was taken within
 * `BURST_GAP_MS` of it and looks like it. Returns the bursts of two or more frames, each in time order.
 */
export function groupBursts(frames: readonly BurstFrame[], gapMs = BURST_GAP_MS, maxDistance = BURST_MAX_LOOK_DISTANCE): number[][] {
  const timed = frames.filter((f): f is BurstFrame & { takenAt: number; look: string } => f.takenAt !== null && f.look !== null);
  timed.sort((a, b) => a.takenAt - b.takenAt || a.id - b.id);
  const bursts: number[][] = [];
  let current: number[] = [];
  let previous: (typeof timed)[number] | undefined;
  for (const frame of timed) {
    const joins = previous !== undefined && frame.takenAt - previous.takenAt <= gapMs && lookDistance(frame.look, previous.look) <= maxDistance;
    if (!joins) {
      if (current.length > 1) bursts.push(current);
      current = [];
    }
    current.push(frame.id);
    previous = frame;
  }
  if (current.length > 1) bursts.push(current);
  return bursts;
}
