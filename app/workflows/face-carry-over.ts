import { intersectionOverUnion, type Box } from '../metadata/box-overlap.js';
import { l2Distance } from '../shared/vector-math.js';

/** A face found before the photo's pixels changed: its box (old displayed pixels) and its embedding, when it has one. */
export interface FaceBefore {
  id: number;
  box: Box;
  embedding: Float32Array | undefined;
}

/** A face found on the new pixels. */
export interface FaceAfter {
  box: Box;
  embedding: Float32Array;
}

/** The displayed sizes of the image before and after the edit, and how far apart one person's two embeddings may be. */
export interface EditedFrame {
  before: { width: number; height: number };
  now: { width: number; height: number };
  maxDistance: number;
}

/** A guess at how the edit moved the image: quarter turns clockwise, then a shift (a crop's offset). */
interface Placement {
  turns: 0 | 1 | 2 | 3;
  dx: number;
  dy: number;
}

/** Boxes must overlap this much once the old one is placed on the new image. */
const MIN_IOU = 0.5;
/** How far (a share of the longer side) the new image may stick out of the old one placed on it (rounding, padding). */
const FRAME_SLACK = 0.02;

/**
 * Which new face is which old face after a pixel edit (a crop, a quarter-turn rotation, a retouch): a map from old
 * face id to the index of its new face. Two faces match when they are the same person (embedding distance at most
 * `maxDistance`) AND at the same place once the edit is undone. The edit itself is unknown, so each pair of
 * look-alike faces proposes one (its quarter turns and shift); a proposal must be an edit that could have happened —
 * the new image lies within the old one turned and shifted (a crop of a rotation) — and the one that places the most
 * pairs wins. So a face does not carry its name to a look-alike elsewhere in the photo (a twin, a portrait on the
 * wall) unless the whole image moved that way, and two faces cannot swap names. An old face without an embedding (drawn by hand, imported) matches on place alone.
 * A resize (a change of scale) is not among the edits undone: its faces match nothing, and lose their names.
 */
export function matchFacesAcrossEdit(before: readonly FaceBefore[], after: readonly FaceAfter[], edit: EditedFrame): Map<number, number> {
  const { maxDistance } = edit;
  const similar = (b: FaceBefore, a: FaceAfter): boolean => b.embedding === undefined || l2Distance(b.embedding, a.embedding) <= maxDistance;
  const placements: Placement[] = [{ turns: 0, dx: 0, dy: 0 }];
  for (const b of before) {
    if (!b.embedding) continue;
    for (const a of after) {
      if (!similar(b, a)) continue;
      for (const turns of [0, 1, 2, 3] as const) {
        const moved = place(b.box, { turns, dx: 0, dy: 0 });
        placements.push({ turns, dx: centre(a.box).x - centre(moved).x, dy: centre(a.box).y - centre(moved).y });
      }
    }
  }
  let best = new Map<number, number>();
  let bestScore = 0;
  for (const placement of placements) {
    if (!possible(placement, edit)) continue;
    const pairs: { id: number; index: number; iou: number }[] = [];
    for (const b of before) {
      const moved = place(b.box, placement);
      after.forEach((a, index) => {
        const iou = intersectionOverUnion(moved, a.box);
        if (iou >= MIN_IOU && similar(b, a)) pairs.push({ id: b.id, index, iou });
      });
    }
    pairs.sort((p, q) => q.iou - p.iou);
    const matched = new Map<number, number>();
    const taken = new Set<number>();
    let score = 0;
    for (const p of pairs) {
      if (matched.has(p.id) || taken.has(p.index)) continue;
      matched.set(p.id, p.index);
      taken.add(p.index);
      score += 1 + p.iou; // more pairs first, then tighter ones
    }
    if (matched.size > best.size || (matched.size === best.size && score > bestScore)) {
      best = matched;
      bestScore = score;
    }
  }
  return best;
}

/** Whether the new image lies within the old one placed on it: a crop can only take away. */
function possible(placement: Placement, { before, now }: EditedFrame): boolean {
  const frame = place({ x: 0, y: 0, ...before }, placement);
  const slack = FRAME_SLACK * Math.max(now.width, now.height) + 2;
  return frame.x <= slack && frame.y <= slack && frame.x + frame.width >= now.width - slack && frame.y + frame.height >= now.height - slack;
}

const centre = (b: Box): { x: number; y: number } => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

/** A box turned clockwise about the origin `turns` times, then shifted. */
function place(box: Box, { turns, dx, dy }: Placement): Box {
  const c = centre(box);
  const [x, y] = turns === 0 ? [c.x, c.y] : turns === 1 ? [-c.y, c.x] : turns === 2 ? [-c.x, -c.y] : [c.y, -c.x];
  const [width, height] = turns % 2 === 0 ? [box.width, box.height] : [box.height, box.width];
  return { x: x + dx - width / 2, y: y + dy - height / 2, width, height };
}
