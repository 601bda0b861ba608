import type { Database } from 'better-sqlite3';

/** A named person, or an unnamed group found by clustering (name null). */
export interface Person {
  id: number;
  name: string | null;
  coverFaceId: number | null;
  hidden: boolean;
  faceCount: number;
  confirmedCount: number;
  photoCount: number;
}

/** The raw row, as operations snapshot and restore it. */
export interface PersonRow {
  id: number;
  name: string | null;
  cover_face_id: number | null;
  hidden: number;
  created_at: number;
  updated_at: number;
}

/** A "this face is not that person" answer, as stored (and as an undo snapshot keeps it). */
export interface FaceRejectionRow {
  face_id: number;
  person_id: number;
  created_at: number;
}

const PERSON_SELECT = `
  SELECT p.id, p.name, p.cover_face_id, p.hidden,
    count(f.id) AS face_count,
    count(CASE WHEN f.assignment = 'confirmed' THEN 1 END) AS confirmed_count,
    count(DISTINCT f.photo_id) AS photo_count
  FROM people p LEFT JOIN faces f ON f.person_id = p.id`;

interface PersonListRow {
  id: number;
  name: string | null;
  cover_face_id: number | null;
  hidden: number;
  face_count: number;
  confirmed_count: number;
  photo_count: number;
}

const toPerson = (r: PersonListRow): Person => ({
  id: r.id,
  name: r.name,
  coverFaceId: r.cover_face_id,
  hidden: r.hidden === 1,
  faceCount: r.face_count,
  confirmedCount: r.confirmed_count,
  photoCount: r.photo_count,
});

/** Thrown when a name is already someone else's (names are unique, case-insensitively). */
export class NameTakenError extends Error {
  constructor(
    readonly takenName: string,
    readonly personId: number,
  ) {
    super(`"${takenName}" is already the name of another person; merge the two instead`);
    this.name = 'NameTakenError';
  }
}

/** People table, plus the rejections that keep automation from repeating a mistake the user corrected. */
export class PeopleRepository {
  constructor(private readonly db: Database) {}

  create(name: string | null, now = Date.now()): number {
    const clean = name === null ? null : normaliseName(name);
    if (clean !== null) {
      const taken = this.byName(clean);
      if (taken) throw new NameTakenError(clean, taken.id);
    }
    return Number(this.db.prepare('INSERT INTO people (name, created_at, updated_at) VALUES (?, ?, ?)').run(clean, now, now).lastInsertRowid);
  }

  get(id: number): Person | undefined {
    const row = this.db.prepare(`${PERSON_SELECT} WHERE p.id = ? GROUP BY p.id`).get(id) as PersonListRow | undefined;
    return row && toPerson(row);
  }

  row(id: number): PersonRow | undefined {
    return this.db.prepare('SELECT * FROM people WHERE id = ?').get(id) as PersonRow | undefined;
  }

  byName(name: string): Person | undefined {
    const row = this.db.prepare(`${PERSON_SELECT} WHERE p.name = ? COLLATE NOCASE GROUP BY p.id`).get(normaliseName(name)) as
      | PersonListRow
      | undefined;
    return row && toPerson(row);
  }

  /** The id of the person with this name (any case, normalised), without counting faces. */
  idByName(name: string): number | undefined {
    return (this.db.prepare('SELECT id FROM people WHERE name = ? COLLATE NOCASE').get(normaliseName(name)) as { id: number } | undefined)?.id;
  }

  /** Whether this person exists and has a name. */
  isNamed(id: number): boolean {
    return this.db.prepare('SELECT id FROM people WHERE id = ? AND name IS NOT NULL').get(id) !== undefined;
  }

  /** Everyone with at least one face (or a name), most faces first; hidden ones only when asked. */
  list(options: { includeHidden?: boolean; named?: boolean } = {}): Person[] {
    const where: string[] = [];
    if (!options.includeHidden) where.push('p.hidden = 0');
    if (options.named === true) where.push('p.name IS NOT NULL');
    if (options.named === false) where.push('p.name IS NULL');
    const sql = `${PERSON_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY p.id
      HAVING face_count > 0 OR p.name IS NOT NULL ORDER BY p.name IS NULL, face_count DESC, p.id`;
    return (this.db.prepare(sql).all() as PersonListRow[]).map(toPerson);
  }

  rename(id: number, name: string | null, now = Date.now()): void {
    const clean = name === null ? null : normaliseName(name);
    if (clean !== null) {
      const taken = this.byName(clean);
      if (taken && taken.id !== id) throw new NameTakenError(clean, taken.id);
    }
    this.db.prepare('UPDATE people SET name = ?, updated_at = ? WHERE id = ?').run(clean, now, id);
  }

  setHidden(id: number, hidden: boolean, now = Date.now()): void {
    this.db.prepare('UPDATE people SET hidden = ?, updated_at = ? WHERE id = ?').run(hidden ? 1 : 0, now, id);
  }

  setCover(id: number, faceId: number | null, now = Date.now()): void {
    this.db.prepare('UPDATE people SET cover_face_id = ?, updated_at = ? WHERE id = ?').run(faceId, now, id);
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM people WHERE id = ?').run(id);
  }

  /** Restores a snapshot row exactly (same id), for undo. */
  restoreRow(row: PersonRow): void {
    this.db
      .prepare(
        `INSERT INTO people (id, name, cover_face_id, hidden, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, cover_face_id = excluded.cover_face_id,
           hidden = excluded.hidden, updated_at = excluded.updated_at`,
      )
      .run(row.id, row.name, row.cover_face_id, row.hidden, row.created_at, row.updated_at);
  }

  /**
   * Puts back a snapshot row for undo (same id); the cover only if that face still exists (it may have been
   * deleted as "not a face" since).
   */
  restoreSnapshotRow(row: PersonRow): void {
    this.db
      .prepare(
        `INSERT INTO people (id, name, cover_face_id, hidden, created_at, updated_at)
         VALUES (?, ?, (SELECT id FROM faces WHERE id = ?), ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, cover_face_id = excluded.cover_face_id,
           hidden = excluded.hidden, updated_at = excluded.updated_at`,
      )
      .run(row.id, row.name, row.cover_face_id, row.hidden, row.created_at, row.updated_at);
  }

  /** Clears a name without touching `updated_at` (names are unique: undo frees them before putting them back). */
  clearName(id: number): void {
    this.db.prepare('UPDATE people SET name = NULL WHERE id = ?').run(id);
  }

  /**
   * Unnamed groups no one touched — no confirmed face, no rejection, not hidden: what a full re-cluster may
   * dissolve. Anything the user did to a group keeps it, so no correction is lost.
   */
  untouchedGroups(): number[] {
    return (
      this.db
        .prepare(
          `SELECT p.id FROM people p WHERE p.name IS NULL AND p.hidden = 0
           AND NOT EXISTS (SELECT 1 FROM faces f WHERE f.person_id = p.id AND f.assignment = 'confirmed')
           AND NOT EXISTS (SELECT 1 FROM face_rejections r WHERE r.person_id = p.id)
           AND NOT EXISTS (SELECT 1 FROM person_rejections r WHERE r.person_a = p.id OR r.person_b = p.id)`,
        )
        .all() as { id: number }[]
    ).map((r) => r.id);
  }

  rejectFace(faceId: number, personId: number, now = Date.now()): void {
    this.db.prepare('INSERT OR IGNORE INTO face_rejections (face_id, person_id, created_at) VALUES (?, ?, ?)').run(faceId, personId, now);
  }

  unrejectFace(faceId: number, personId: number): void {
    this.db.prepare('DELETE FROM face_rejections WHERE face_id = ? AND person_id = ?').run(faceId, personId);
  }

  /** People this face must never be suggested as. */
  /** Every face's rejected people, in one query (grouping reads them for all faces at once). */
  faceRejections(): Map<number, Set<number>> {
    const out = new Map<number, Set<number>>();
    for (const r of this.db.prepare('SELECT face_id, person_id FROM face_rejections').all() as { face_id: number; person_id: number }[]) {
      const set = out.get(r.face_id) ?? new Set<number>();
      set.add(r.person_id);
      out.set(r.face_id, set);
    }
    return out;
  }

  rejectedPeopleOf(faceId: number): Set<number> {
    return new Set((this.db.prepare('SELECT person_id FROM face_rejections WHERE face_id = ?').all(faceId) as { person_id: number }[]).map((r) => r.person_id));
  }

  isFaceRejected(faceId: number, personId: number): boolean {
    return this.db.prepare('SELECT 1 FROM face_rejections WHERE face_id = ? AND person_id = ?').get(faceId, personId) !== undefined;
  }

  faceRejectionsOf(personId: number): FaceRejectionRow[] {
    return this.db.prepare('SELECT face_id, person_id, created_at FROM face_rejections WHERE person_id = ?').all(personId) as FaceRejectionRow[];
  }

  /** Restores a rejection row for undo, unless its face is gone since. */
  restoreFaceRejection(row: FaceRejectionRow): void {
    this.db
      .prepare('INSERT OR IGNORE INTO face_rejections (face_id, person_id, created_at) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM faces WHERE id = ?)')
      .run(row.face_id, row.person_id, row.created_at, row.face_id);
  }

  rejectPair(a: number, b: number, now = Date.now()): void {
    this.db.prepare('INSERT OR IGNORE INTO person_rejections (person_a, person_b, created_at) VALUES (?, ?, ?)').run(Math.min(a, b), Math.max(a, b), now);
  }

  unrejectPair(a: number, b: number): void {
    this.db.prepare('DELETE FROM person_rejections WHERE person_a = ? AND person_b = ?').run(Math.min(a, b), Math.max(a, b));
  }

  isPairRejected(a: number, b: number): boolean {
    return this.db.prepare('SELECT 1 FROM person_rejections WHERE person_a = ? AND person_b = ?').get(Math.min(a, b), Math.max(a, b)) !== undefined;
  }

  /** Every pair of people the user said are different, as [lower id, higher id]. */
  rejectedPairs(): [number, number][] {
    return (this.db.prepare('SELECT person_a, person_b FROM person_rejections').all() as { person_a: number; person_b: number }[]).map((r) => [r.person_a, r.person_b]);
  }

  /** Moves rejections from `from` to `to` (after a merge) so no correction is lost. */
  moveRejections(from: number, to: number): void {
    this.db.prepare('UPDATE OR IGNORE face_rejections SET person_id = ? WHERE person_id = ?').run(to, from);
    this.db.prepare('DELETE FROM face_rejections WHERE person_id = ?').run(from);
  }
}

/** Trims and collapses white space; an empty name is refused. */
export function normaliseName(name: string): string {
  const clean = name.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (!clean) throw new Error('A name cannot be empty');
  if (clean.length > 200) throw new Error('A name is at most 200 characters');
  return clean;
}
