import type { Database } from 'better-sqlite3';
import { PeopleRepository, type Person } from '../db/people-repository.js';
import { ChangeRecorder, restoreSnapshot, type ChangeSnapshot } from './change-recorder.js';

/** An operation in the undo history. */
export interface PeopleOperation {
  id: number;
  kind: string;
  summary: string;
  createdAt: number;
}

/**
 * What the user does to people: name, merge, split, move, remove, confirm, hide, choose a cover, answer review
 * questions — each one transaction, recorded so it can be undone. User actions make assignments `confirmed`, and
 * every correction is remembered (a removed face is never suggested for that person again; two people answered
 * "different" are never proposed for merging again).
 */
export class PeopleOperations {
  readonly people: PeopleRepository;

  constructor(private readonly db: Database) {
    this.people = new PeopleRepository(db);
  }

  /** Names a person or group. A name another person already has is refused (NameTakenError): merge instead. */
  name(personId: number, name: string): Person {
    return this.record('name', `Named ${describe(this.people.get(personId))} "${name.trim()}"`, (r) => {
      r.person(personId);
      this.requirePerson(personId);
      this.people.rename(personId, name);
      return this.people.get(personId)!;
    });
  }

  /** Merges `sourceIds` into `targetId`: their faces, rejections and (if the target has none) name move over. */
  merge(sourceIds: number[], targetId: number): Person {
    const sources = [...new Set(sourceIds)].filter((id) => id !== targetId);
    return this.record('merge', `Merged ${sources.length + 1} people into ${describe(this.people.get(targetId))}`, (r) => {
      this.requirePerson(targetId);
      r.person(targetId);
      let targetName = this.people.row(targetId)!.name;
      for (const id of sources) {
        const source = this.requirePerson(id);
        r.person(id);
        r.facesOfPerson(id);
        r.faceRejectionsOf(id);
        this.db.prepare('UPDATE faces SET person_id = ? WHERE person_id = ?').run(targetId, id);
        this.people.moveRejections(id, targetId);
        this.people.delete(id);
        if (targetName === null && source.name !== null) {
          this.people.rename(targetId, source.name);
          targetName = source.name;
        }
      }
      this.keepOnePerPhoto(targetId, r);
      return this.people.get(targetId)!;
    });
  }

  /**
   * Moves faces to a person (or to a new unnamed group when `targetId` is null) as confirmed; each face is
   * remembered as not being the person it left. Returns the target's id.
   */
  moveFaces(faceIds: number[], targetId: number | null): number {
    return this.record('move', `Moved ${faceIds.length} face(s)`, (r) => {
      const target = targetId ?? this.people.create(null);
      r.person(target);
      if (targetId !== null) this.requirePerson(targetId);
      r.faces(faceIds);
      for (const faceId of faceIds) {
        const face = this.requireFace(faceId);
        if (face.person_id === target) {
          this.db.prepare(`UPDATE faces SET assignment = 'confirmed', confidence = NULL WHERE id = ?`).run(faceId);
          continue;
        }
        this.clearSamePhotoClaims(faceId, face.photo_id, target, r);
        if (face.person_id !== null) {
          r.addedFaceRejection(faceId, face.person_id);
          this.people.rejectFace(faceId, face.person_id);
        }
        this.db.prepare(`UPDATE faces SET person_id = ?, assignment = 'confirmed', confidence = NULL, assigned_at = ? WHERE id = ?`).run(
          target,
          Date.now(),
          faceId,
        );
      }
      return target;
    });
  }

  /** Splits faces off into a new unnamed group. */
  split(faceIds: number[]): number {
    return this.moveFaces(faceIds, null);
  }

  /** Takes faces away from their person; the face will never be suggested as that person again. */
  removeFaces(faceIds: number[]): void {
    this.record('remove', `Removed ${faceIds.length} face(s) from their person`, (r) => {
      r.faces(faceIds);
      for (const faceId of faceIds) {
        const face = this.requireFace(faceId);
        if (face.person_id === null) continue;
        r.addedFaceRejection(faceId, face.person_id);
        this.people.rejectFace(faceId, face.person_id);
        this.db.prepare('UPDATE faces SET person_id = NULL, assignment = NULL, confidence = NULL WHERE id = ?').run(faceId);
      }
    });
  }

  /** "Yes, this face is that person." */
  confirmFace(faceId: number, personId: number): void {
    this.moveFaces([faceId], personId);
  }

  /** "No, this face is not that person": unassigned if it was, and never suggested as them again. */
  rejectFace(faceId: number, personId: number): void {
    this.record('reject', 'Answered "not the same person"', (r) => {
      const face = this.requireFace(faceId);
      r.faces([faceId]);
      r.addedFaceRejection(faceId, personId);
      this.people.rejectFace(faceId, personId);
      if (face.person_id === personId) {
        this.db.prepare('UPDATE faces SET person_id = NULL, assignment = NULL, confidence = NULL WHERE id = ?').run(faceId);
      }
    });
  }

  /** "These two are not the same person": never proposed for merging again. */
  rejectPair(a: number, b: number): void {
    this.record('reject-pair', 'Answered "different people"', (r) => {
      this.requirePerson(a);
      this.requirePerson(b);
      if (!this.people.isPairRejected(a, b)) r.addedPairRejection(a, b);
      this.people.rejectPair(a, b);
    });
  }

  setHidden(personId: number, hidden: boolean): void {
    this.record(hidden ? 'hide' : 'show', `${hidden ? 'Hid' : 'Showed'} ${describe(this.people.get(personId))}`, (r) => {
      this.requirePerson(personId);
      r.person(personId);
      this.people.setHidden(personId, hidden);
    });
  }

  setCover(personId: number, faceId: number): void {
    this.record('cover', 'Chose a cover face', (r) => {
      this.requirePerson(personId);
      if (this.requireFace(faceId).person_id !== personId) throw new Error(`Face ${faceId} is not one of this person's faces`);
      r.person(personId);
      this.people.setCover(personId, faceId);
    });
  }

  /** Undoes the most recent operation not yet undone; returns it, or null when there is nothing to undo. */
  undo(): PeopleOperation | null {
    return this.db
      .transaction(() => {
        const row = this.db
          .prepare('SELECT id, kind, summary, before, created_at FROM people_operations WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1')
          .get() as { id: number; kind: string; summary: string; before: string; created_at: number } | undefined;
        if (!row) return null;
        restoreSnapshot(this.db, JSON.parse(row.before) as ChangeSnapshot);
        this.db.prepare('UPDATE people_operations SET undone_at = ? WHERE id = ?').run(Date.now(), row.id);
        return { id: row.id, kind: row.kind, summary: row.summary, createdAt: row.created_at };
      })
      .immediate();
  }

  /** The recent operations that can still be undone, newest first. */
  history(limit = 20): PeopleOperation[] {
    return (
      this.db
        .prepare('SELECT id, kind, summary, created_at FROM people_operations WHERE undone_at IS NULL ORDER BY id DESC LIMIT ?')
        .all(limit) as { id: number; kind: string; summary: string; created_at: number }[]
    ).map((r) => ({ id: r.id, kind: r.kind, summary: r.summary, createdAt: r.created_at }));
  }

  /** Runs one operation in a transaction and stores what it changed for undo. */
  private record<T>(kind: string, summary: string, body: (recorder: ChangeRecorder) => T): T {
    return this.db
      .transaction(() => {
        const recorder = new ChangeRecorder(this.db);
        const result = body(recorder);
        this.db
          .prepare('INSERT INTO people_operations (kind, summary, before, created_at) VALUES (?, ?, ?, ?)')
          .run(kind, summary, JSON.stringify(recorder.result()), Date.now());
        return result;
      })
      .immediate();
  }

  /**
   * One photo cannot show the same person twice: when a face is moved to `personId`, other faces of its photo
   * that automation gave to that person lose the assignment; a confirmed one means the user contradicts themself.
   */
  private clearSamePhotoClaims(faceId: number, photoId: number, personId: number, r: ChangeRecorder): void {
    const others = this.db
      .prepare('SELECT id, assignment FROM faces WHERE photo_id = ? AND person_id = ? AND id != ?')
      .all(photoId, personId, faceId) as { id: number; assignment: string }[];
    for (const other of others) {
      if (other.assignment === 'confirmed') {
        throw new Error(`This photo already has a confirmed face of that person (face ${other.id}); one photo cannot show a person twice`);
      }
      r.faces([other.id]);
      this.db.prepare('UPDATE faces SET person_id = NULL, assignment = NULL, confidence = NULL WHERE id = ?').run(other.id);
    }
  }

  /** After a merge: where a photo now shows the person twice, keep the confirmed or most confident face. */
  private keepOnePerPhoto(personId: number, r: ChangeRecorder): void {
    const rows = this.db
      .prepare(
        `SELECT id, photo_id FROM faces WHERE person_id = ? AND photo_id IN
           (SELECT photo_id FROM faces WHERE person_id = ? GROUP BY photo_id HAVING count(*) > 1)
         ORDER BY photo_id, assignment = 'confirmed' DESC, coalesce(confidence, 0) DESC, id`,
      )
      .all(personId, personId) as { id: number; photo_id: number }[];
    let keptPhoto = -1;
    for (const row of rows) {
      if (row.photo_id !== keptPhoto) {
        keptPhoto = row.photo_id;
        continue;
      }
      r.faces([row.id]);
      this.db.prepare(`UPDATE faces SET person_id = NULL, assignment = NULL, confidence = NULL WHERE id = ? AND assignment != 'confirmed'`).run(row.id);
    }
  }

  private requirePerson(id: number): Person {
    const person = this.people.get(id);
    if (!person) throw new Error(`No person with id ${id}`);
    return person;
  }

  private requireFace(id: number): { person_id: number | null; photo_id: number } {
    const face = this.db.prepare('SELECT person_id, photo_id FROM faces WHERE id = ?').get(id) as { person_id: number | null; photo_id: number } | undefined;
    if (!face) throw new Error(`No face with id ${id}`);
    return face;
  }
}

function describe(person: Person | undefined): string {
  if (!person) return 'a person';
  return person.name ? `"${person.name}"` : `group ${person.id}`;
}
