/**
 * Culling a shoot: which photos a filter selects (people, unnamed faces, folder, dates), the faces that rank them, the
 * photographer's flags and stars, and each photo's look hash (for bursts). All SQL of the culling view lives here.
 */
import type { Database } from 'better-sqlite3';
import { toFace, type Face, type FaceRow } from './face-repository.js';
import { inTransaction } from './open-database.js';

export type CullFlag = 'pick' | 'reject';

/** A photo's culling state; a photo never culled is `{ flag: null, rating: 0 }`. */
export interface CullState {
  photoId: number;
  flag: CullFlag | null;
  rating: number;
}

/** Which photos a culling view shows. */
export interface ShootFilter {
  /** People who must be in the photo: all of them (`match: 'all'`) or at least one (`'any'`). */
  personIds: readonly number[];
  match: 'all' | 'any';
  /** Only photos with at least one good-quality face that has no named person. */
  unnamed: boolean;
  /** Only photos with a file under this folder (absolute path, no trailing separator). */
  folder?: string;
  /** Capture time range, inclusive, in the library's wall-clock milliseconds. */
  from?: number;
  to?: number;
}

/** A selected photo with what the view shows and the culling state. */
export interface ShootPhoto {
  id: number;
  width: number;
  height: number;
  takenAt: number | null;
  contentHash: string;
  available: boolean;
  flag: CullFlag | null;
  rating: number;
}

/** A face of a selected photo, with the measurements its frame is ranked by. */
export type ShootFace = Pick<
  Face,
  'id' | 'photoId' | 'personId' | 'box' | 'landmarks' | 'detectorScore' | 'quality' | 'lowQuality' | 'laplacianVariance' | 'eyeOpenness'
>;

interface ShootPhotoRow {
  id: number;
  width: number;
  height: number;
  taken_at: number | null;
  content_hash: string;
  available: number;
  flag: CullFlag | null;
  rating: number | null;
}

/** The photos a filter selects, as a WHERE clause over `photos p` and its arguments. */
function whereOf(filter: ShootFilter): { sql: string; args: unknown[] } {
  const parts: string[] = [];
  const args: unknown[] = [];
  const people = [...new Set(filter.personIds)];
  if (people.length > 0) {
    const marks = people.map(() => '?').join(', ');
    if (filter.match === 'any') {
      parts.push(`EXISTS (SELECT 1 FROM faces f WHERE f.photo_id = p.id AND f.person_id IN (${marks}))`);
      args.push(...people);
    } else {
      parts.push(`(SELECT count(DISTINCT f.person_id) FROM faces f WHERE f.photo_id = p.id AND f.person_id IN (${marks})) = ?`);
      args.push(...people, people.length);
    }
  }
  if (filter.unnamed) {
    parts.push(
      `EXISTS (SELECT 1 FROM faces f LEFT JOIN people n ON n.id = f.person_id WHERE f.photo_id = p.id AND f.low_quality = 0 AND n.name IS NULL)`,
    );
  }
  if (filter.folder !== undefined) {
    // A prefix match on the path, with LIKE's wildcards escaped: "/photos/a_b" must not match "/photos/axb".
    const prefix = filter.folder.replace(/[\\%_]/g, (c) => `\\${c}`);
    parts.push(`EXISTS (SELECT 1 FROM files fi WHERE fi.photo_id = p.id AND (fi.path = ? OR fi.path LIKE ? ESCAPE '\\'))`);
    args.push(filter.folder, `${prefix}/%`);
  }
  if (filter.from !== undefined) {
    parts.push('p.taken_at >= ?');
    args.push(filter.from);
  }
  if (filter.to !== undefined) {
    parts.push('p.taken_at <= ?');
    args.push(filter.to);
  }
  return { sql: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', args };
}

export class CullRepository {
  constructor(private readonly db: Database) {}

  /** Every photo the filter selects, oldest first (undated last), with its culling state. */
  photos(filter: ShootFilter): ShootPhoto[] {
    const { sql, args } = whereOf(filter);
    const rows = this.db
      .prepare(
        `SELECT p.id, p.width, p.height, p.taken_at, p.content_hash, c.flag, c.rating,
           EXISTS (SELECT 1 FROM files fo WHERE fo.photo_id = p.id AND fo.status = 'ok') AS available
         FROM photos p LEFT JOIN photo_culls c ON c.photo_id = p.id ${sql}
         ORDER BY p.taken_at IS NULL, p.taken_at, p.id`,
      )
      .all(...args) as ShootPhotoRow[];
    return rows.map((r) => ({
      id: r.id,
      width: r.width,
      height: r.height,
      takenAt: r.taken_at,
      contentHash: r.content_hash,
      available: r.available === 1,
      flag: r.flag,
      rating: r.rating ?? 0,
    }));
  }

  /** The faces of the given photos (the ones that rank them). */
  facesOf(photoIds: readonly number[]): ShootFace[] {
    const out: ShootFace[] = [];
    const select = this.db.prepare('SELECT * FROM faces WHERE photo_id IN (SELECT value FROM json_each(?)) ORDER BY photo_id, id');
    // Chunks keep each JSON argument small; one statement per chunk, not per photo.
    for (let i = 0; i < photoIds.length; i += 5000) {
      for (const row of select.all(JSON.stringify(photoIds.slice(i, i + 5000))) as FaceRow[]) out.push(toFace(row));
    }
    return out;
  }

  /** The culling state of each given photo (never culled: unflagged, no stars). */
  states(photoIds: readonly number[]): CullState[] {
    const select = this.db.prepare('SELECT flag, rating FROM photo_culls WHERE photo_id = ?');
    return photoIds.map((photoId) => {
      const row = select.get(photoId) as { flag: CullFlag | null; rating: number } | undefined;
      return { photoId, flag: row?.flag ?? null, rating: row?.rating ?? 0 };
    });
  }

  /** Sets each photo's state (a state back to unflagged and no stars removes its row). */
  setStates(states: readonly CullState[], now = Date.now()): void {
    const upsert = this.db.prepare(
      `INSERT INTO photo_culls (photo_id, flag, rating, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (photo_id) DO UPDATE SET flag = excluded.flag, rating = excluded.rating, updated_at = excluded.updated_at`,
    );
    const remove = this.db.prepare('DELETE FROM photo_culls WHERE photo_id = ?');
    for (const s of states) {
      if (s.flag === null && s.rating === 0) remove.run(s.photoId);
      else upsert.run(s.photoId, s.flag, s.rating, now);
    }
  }

  /** The ids among `photoIds` that exist. */
  existing(photoIds: readonly number[]): Set<number> {
    const rows = this.db.prepare('SELECT id FROM photos WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(photoIds)) as { id: number }[];
    return new Set(rows.map((r) => r.id));
  }

  /** Stored look hashes by photo id, for the photos whose content they were computed from. */
  looks(photos: readonly { id: number; contentHash: string }[]): Map<number, string> {
    const select = this.db.prepare('SELECT content_hash, dhash FROM photo_looks WHERE photo_id = ?');
    const out = new Map<number, string>();
    for (const p of photos) {
      const row = select.get(p.id) as { content_hash: string; dhash: string } | undefined;
      if (row && row.content_hash === p.contentHash) out.set(p.id, row.dhash);
    }
    return out;
  }

  /** Stores look hashes; a library opened read-only (a CLI reader beside the app) keeps them for this run only. */
  putLooks(looks: readonly { photoId: number; contentHash: string; dhash: string }[]): void {
    if (this.db.readonly) return;
    const upsert = this.db.prepare(
      `INSERT INTO photo_looks (photo_id, content_hash, dhash) VALUES (?, ?, ?)
       ON CONFLICT (photo_id) DO UPDATE SET content_hash = excluded.content_hash, dhash = excluded.dhash`,
    );
    inTransaction(this.db, () => {
      for (const l of looks) upsert.run(l.photoId, l.contentHash, l.dhash);
    });
  }
}
