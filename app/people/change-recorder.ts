import type { Database } from 'better-sqlite3';
import type { PersonRow } from '../db/people-repository.js';

/** How a face was assigned before an operation. */
interface FaceState {
  id: number;
  person_id: number | null;
  assignment: string | null;
  confidence: number | null;
}

interface FaceRejectionRow {
  face_id: number;
  person_id: number;
  created_at: number;
}

/** Everything an operation changed, as it was before: enough to undo it exactly. */
export interface ChangeSnapshot {
  faces: FaceState[];
  people: (PersonRow | { id: number; absent: true })[];
  faceRejectionsRemoved: FaceRejectionRow[];
  faceRejectionsAdded: [number, number][];
  pairRejectionsAdded: [number, number][];
}

/**
 * Records the state of what an operation is about to change (each row once, before its first change), then
 * restores it on undo. Operations call `face`/`person` before touching a row.
 */
export class ChangeRecorder {
  private readonly snapshot: ChangeSnapshot = {
    faces: [],
    people: [],
    faceRejectionsRemoved: [],
    faceRejectionsAdded: [],
    pairRejectionsAdded: [],
  };
  private readonly seenFaces = new Set<number>();
  private readonly seenPeople = new Set<number>();

  constructor(private readonly db: Database) {}

  faces(ids: Iterable<number>): void {
    const get = this.db.prepare('SELECT id, person_id, assignment, confidence FROM faces WHERE id = ?');
    for (const id of ids) {
      if (this.seenFaces.has(id)) continue;
      this.seenFaces.add(id);
      const row = get.get(id) as FaceState | undefined;
      if (row) this.snapshot.faces.push(row);
    }
  }

  /** Snapshot of a person row; a person created by the operation is recorded as absent. */
  person(id: number): void {
    if (this.seenPeople.has(id)) return;
    this.seenPeople.add(id);
    const row = this.db.prepare('SELECT * FROM people WHERE id = ?').get(id) as PersonRow | undefined;
    this.snapshot.people.push(row ?? { id, absent: true });
  }

  /** Snapshot of every face assigned to a person (before a merge or re-cluster moves them). */
  facesOfPerson(personId: number): void {
    this.faces((this.db.prepare('SELECT id FROM faces WHERE person_id = ?').all(personId) as { id: number }[]).map((r) => r.id));
  }

  faceRejectionsOf(personId: number): void {
    this.snapshot.faceRejectionsRemoved.push(
      ...(this.db.prepare('SELECT face_id, person_id, created_at FROM face_rejections WHERE person_id = ?').all(personId) as FaceRejectionRow[]),
    );
  }

  addedFaceRejection(faceId: number, personId: number): void {
    const exists = this.db.prepare('SELECT 1 FROM face_rejections WHERE face_id = ? AND person_id = ?').get(faceId, personId);
    if (!exists) this.snapshot.faceRejectionsAdded.push([faceId, personId]);
  }

  addedPairRejection(a: number, b: number): void {
    this.snapshot.pairRejectionsAdded.push([Math.min(a, b), Math.max(a, b)]);
  }

  result(): ChangeSnapshot {
    return this.snapshot;
  }
}

/** Puts back what a snapshot recorded (inside the caller's transaction). */
export function restoreSnapshot(db: Database, s: ChangeSnapshot): void {
  // A face deleted since (marked "not a face") cannot come back as a cover or in a rejection: those are skipped.
  const putPerson = db.prepare(
    `INSERT INTO people (id, name, cover_face_id, hidden, created_at, updated_at)
     VALUES (?, ?, (SELECT id FROM faces WHERE id = ?), ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, cover_face_id = excluded.cover_face_id,
       hidden = excluded.hidden, updated_at = excluded.updated_at`,
  );
  // Names are unique: clear the names of people being restored first, so swapping names back cannot collide.
  for (const p of s.people) if (!('absent' in p)) db.prepare('UPDATE people SET name = NULL WHERE id = ?').run(p.id);
  for (const p of s.people) {
    if ('absent' in p) continue;
    putPerson.run(p.id, p.name, p.cover_face_id, p.hidden, p.created_at, p.updated_at);
  }
  const setFace = db.prepare('UPDATE faces SET person_id = ?, assignment = ?, confidence = ? WHERE id = ?');
  for (const f of s.faces) setFace.run(f.person_id, f.assignment, f.confidence, f.id);
  const dropRejection = db.prepare('DELETE FROM face_rejections WHERE face_id = ? AND person_id = ?');
  for (const [face, person] of s.faceRejectionsAdded) dropRejection.run(face, person);
  const putRejection = db.prepare(
    'INSERT OR IGNORE INTO face_rejections (face_id, person_id, created_at) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM faces WHERE id = ?)',
  );
  for (const r of s.faceRejectionsRemoved) putRejection.run(r.face_id, r.person_id, r.created_at, r.face_id);
  const dropPair = db.prepare('DELETE FROM person_rejections WHERE person_a = ? AND person_b = ?');
  for (const [a, b] of s.pairRejectionsAdded) dropPair.run(a, b);
  // People the operation created go last, once no face points at them.
  for (const p of s.people) if ('absent' in p) db.prepare('DELETE FROM people WHERE id = ?').run(p.id);
}
