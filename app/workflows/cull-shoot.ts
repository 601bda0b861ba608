/**
 * The culling view of a shoot, the same for `kindred photos` and the app: the photos a filter selects, each ranked
 * by the chosen people's faces in it (frame-quality.ts), frames of one burst stacked best first, in the order asked
 * (best first, or as shot).
 */
import { resolve } from 'node:path';
import type { Library } from '../db/library.js';
import type { CullFlag, ShootFace, ShootFilter, ShootPhoto } from '../db/cull-repository.js';
import { BURST_GAP_MS, groupBursts } from '../library/burst-grouping.js';
import { lookHash } from '../library/photo-look.js';
import { thumbnailPath } from '../library/thumbnail-cache.js';
import { frameQuality, type FrameQuality } from '../vision/frame-quality.js';

export type ShootSort = 'quality' | 'date';

/** A frame of the shoot as the view lists it. */
export interface ShootFrame {
  id: number;
  width: number;
  height: number;
  takenAt: number | null;
  available: boolean;
  flag: CullFlag | null;
  rating: number;
  /** The face that ranks the frame (the chosen person's; with several people, the weakest of them), or null. */
  faceId: number | null;
  quality: FrameQuality | null;
  /** The burst the frame belongs to: its top frame's id, its size and this frame's place in it (0 = top). */
  burst: { id: number; size: number; position: number } | null;
}

export interface Shoot {
  /** Bursts contiguous, best frame first; bursts and single frames in the order asked. */
  frames: ShootFrame[];
  bursts: number;
  /** Photos the filter selects; more than `frames` when it selects more than MAX_SHOOT_FRAMES. */
  total: number;
}

/** A culling view holds a shoot, not a library: a filter selecting more is cut to its first frames as shot. */
export const MAX_SHOOT_FRAMES = 20_000;

/** Thrown for a filter that names someone the library does not know. */
export class UnknownPersonError extends Error {
  override name = 'UnknownPersonError';
}

/** A filter as asked (fields optional, a folder maybe with a trailing separator) in the form the query takes. */
export function shootFilter(input: Partial<ShootFilter> & { personIds?: readonly number[] }): ShootFilter {
  const folder = input.folder?.replace(/[\\/]+$/, '');
  return {
    personIds: input.personIds ?? [],
    match: input.match ?? 'all',
    unnamed: input.unnamed ?? false,
    ...(folder ? { folder: resolve(folder) } : {}),
    ...(input.from === undefined ? {} : { from: input.from }),
    ...(input.to === undefined ? {} : { to: input.to }),
  };
}

/** Person ids for names (case-insensitive), or UnknownPersonError naming the first unknown one. */
export function personIdsByName(library: Library, names: readonly string[]): number[] {
  return names.map((name) => {
    const id = library.people.idByName(name);
    if (id === undefined) throw new UnknownPersonError(`No person named "${name}"`);
    return id;
  });
}

/**
 * Look hashes of the photos that could be in a burst (taken within BURST_GAP_MS of another; `photos` is in time
 * order), computing (from thumbnails) and storing the missing ones: a library of holiday snaps costs next to nothing.
 */
async function looksOf(library: Library, photos: readonly ShootPhoto[]): Promise<Map<number, string>> {
  const near = (i: number, j: number) => {
    const a = photos[i]?.takenAt;
    const b = photos[j]?.takenAt;
    return a !== null && a !== undefined && b !== null && b !== undefined && Math.abs(a - b) <= BURST_GAP_MS;
  };
  const candidates = photos.filter((_, i) => near(i, i - 1) || near(i, i + 1));
  const looks = library.culls.looks(candidates);
  const missing = candidates.filter((p) => !looks.has(p.id));
  const computed: { photoId: number; contentHash: string; dhash: string }[] = [];
  // A few decodes at a time: 320 px thumbnails, a few ms each.
  for (let i = 0; i < missing.length; i += 8) {
    const batch = missing.slice(i, i + 8);
    const hashes = await Promise.all(batch.map((p) => lookHash(thumbnailPath(library.thumbnailsDir, p.contentHash)).catch(() => null)));
    batch.forEach((p, j) => {
      const dhash = hashes[j];
      if (dhash) {
        looks.set(p.id, dhash);
        computed.push({ photoId: p.id, contentHash: p.contentHash, dhash });
      }
    });
  }
  if (computed.length > 0) library.culls.putLooks(computed);
  return looks;
}

/** The face that ranks a photo, and its quality. */
function rankingFace(photo: ShootPhoto, faces: readonly ShootFace[], filter: ShootFilter): { face: ShootFace; quality: FrameQuality } | null {
  const scored = faces.map((face) => ({ face, quality: frameQuality(face, photo.width, photo.height) }));
  const best = (list: typeof scored) => list.reduce<(typeof scored)[number] | null>((a, b) => (a === null || b.quality.score > a.quality.score ? b : a), null);
  if (filter.personIds.length === 0) return best(scored.filter((s) => !s.face.lowQuality)) ?? best(scored);
  // Each chosen person's best face here; "all": the frame is as good as its weakest person, "any": as its best.
  const perPerson = [...new Set(filter.personIds)].map((id) => best(scored.filter((s) => s.face.personId === id))).filter((s) => s !== null);
  if (perPerson.length === 0) return null;
  return perPerson.reduce((a, b) => (filter.match === 'all' ? (b.quality.score < a.quality.score ? b : a) : b.quality.score > a.quality.score ? b : a));
}

export async function cullShoot(library: Library, filter: ShootFilter, sort: ShootSort): Promise<Shoot> {
  const selected = library.culls.photos(filter);
  const photos = selected.length > MAX_SHOOT_FRAMES ? selected.slice(0, MAX_SHOOT_FRAMES) : selected;
  const facesByPhoto = new Map<number, ShootFace[]>();
  for (const face of library.culls.facesOf(photos.map((p) => p.id))) {
    const list = facesByPhoto.get(face.photoId);
    if (list) list.push(face);
    else facesByPhoto.set(face.photoId, [face]);
  }
  const frames = new Map<number, ShootFrame>();
  for (const p of photos) {
    const ranked = rankingFace(p, facesByPhoto.get(p.id) ?? [], filter);
    frames.set(p.id, {
      id: p.id,
      width: p.width,
      height: p.height,
      takenAt: p.takenAt,
      available: p.available,
      flag: p.flag,
      rating: p.rating,
      faceId: ranked?.face.id ?? null,
      quality: ranked?.quality ?? null,
      burst: null,
    });
  }
  const score = (f: ShootFrame): number => f.quality?.score ?? -1;
  const looks = await looksOf(library, photos);
  const bursts = groupBursts(photos.map((p) => ({ id: p.id, takenAt: p.takenAt, look: looks.get(p.id) ?? null })));

  // Units: a burst (best frame first) or a single frame; `photos` is in shooting order, so is this list.
  const inBurst = new Map<number, number[]>();
  for (const ids of bursts) {
    const members = ids.map((id) => frames.get(id)!).sort((a, b) => score(b) - score(a) || (a.takenAt ?? 0) - (b.takenAt ?? 0));
    members.forEach((f, position) => (f.burst = { id: members[0]!.id, size: members.length, position }));
    // The burst takes the place of its first frame in shooting order (`ids` is in time order).
    for (const id of ids) inBurst.set(id, []);
    inBurst.set(ids[0]!, members.map((f) => f.id));
  }
  const units: ShootFrame[][] = [];
  for (const p of photos) {
    const members = inBurst.get(p.id);
    if (members === undefined) units.push([frames.get(p.id)!]);
    else if (members.length > 0) units.push(members.map((id) => frames.get(id)!));
  }
  // Stable sort: equal scores keep shooting order.
  if (sort === 'quality') units.sort((a, b) => score(b[0]!) - score(a[0]!));
  return { frames: units.flat(), bursts: bursts.length, total: selected.length };
}
