import type { ChangeLogEntry } from '../db/change-log-repository.js';
import type { Face } from '../db/face-repository.js';
import type { PeopleRepository, Person } from '../db/people-repository.js';
import type { Repositories } from '../db/repositories.js';
import { ChangeRecorder, restoreSnapshot, type ChangeSnapshot } from './change-recorder.js';

/** An operation in the undo history. */
export type PeopleOperation = ChangeLogEntry;

/** The repositories people operations work through. */
export type PeopleStore = Pick<Repositories, 'people' | 'faces' | 'changeLog' | 'transaction'>;

/**
 * What the user does to people: name, merge, split, move, remove, confirm, hide, choose a cover, answer review
 * questions — each one transaction, recorded so it can be undone. User actions make assignments `confirmed`, and
 * every correction is remembered (a removed face is never suggested for that person again; two people answered
 * "different" are never proposed for merging again).
 */
export class PeopleOperations {
  readonly people: PeopleRepository;

  constructor(private readonly store: PeopleStore) {
    this.people = store.people;
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
        this.store.faces.moveAll(id, targetId);
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
        if (face.personId === target) {
          this.store.faces.confirm(faceId);
          continue;
        }
        this.clearSamePhotoClaims(faceId, face.photoId, target, r);
        if (face.personId !== null) {
          r.addedFaceRejection(faceId, face.personId);
          this.people.rejectFace(faceId, face.personId);
        }
        this.store.faces.assign(faceId, target, 'confirmed', null, Date.now());
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
        if (face.personId === null) continue;
        r.addedFaceRejection(faceId, face.personId);
        this.people.rejectFace(faceId, face.personId);
        this.store.faces.unassign(faceId);
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
      if (face.personId === personId) this.store.faces.unassign(faceId);
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
      if (this.requireFace(faceId).personId !== personId) throw new Error(`Face ${faceId} is not one of this person's faces`);
      r.person(personId);
      this.people.setCover(personId, faceId);
    });
  }

  /** Undoes the most recent operation not yet undone; returns it, or null when there is nothing to undo. */
  undo(): PeopleOperation | null {
    return this.store.transaction(() => {
      const change = this.store.changeLog.latestUndoable();
      if (!change) return null;
      restoreSnapshot(this.store, change.before as ChangeSnapshot);
      this.store.changeLog.markUndone(change.id, Date.now());
      return { id: change.id, kind: change.kind, summary: change.summary, createdAt: change.createdAt };
    });
  }

  /** The recent operations that can still be undone, newest first. */
  history(limit = 20): PeopleOperation[] {
    return this.store.changeLog.undoable(limit);
  }

  /** Runs one operation in a transaction and stores what it changed for undo. */
  private record<T>(kind: string, summary: string, body: (recorder: ChangeRecorder) => T): T {
    return this.store.transaction(() => {
      const recorder = new ChangeRecorder(this.store);
      const result = body(recorder);
      this.store.changeLog.record(kind, summary, recorder.result(), Date.now());
      return result;
    });
  }

  /**
   * One photo cannot show the same person twice: when a face is moved to `personId`, other faces of its photo
   * that automation gave to that person lose the assignment; a confirmed one means the user contradicts themself.
   */
  private clearSamePhotoClaims(faceId: number, photoId: number, personId: number, r: ChangeRecorder): void {
    for (const other of this.store.faces.othersInPhoto(photoId, personId, faceId)) {
      if (other.assignment === 'confirmed') {
        throw new Error(`This photo already has a confirmed face of that person (face ${other.id}); one photo cannot show a person twice`);
      }
      r.faces([other.id]);
      this.store.faces.unassign(other.id);
    }
  }

  /** After a merge: where a photo now shows the person twice, keep the confirmed or most confident face. */
  private keepOnePerPhoto(personId: number, r: ChangeRecorder): void {
    let keptPhoto = -1;
    for (const row of this.store.faces.duplicatesInPhotos(personId)) {
      if (row.photoId !== keptPhoto) {
        keptPhoto = row.photoId;
        continue;
      }
      r.faces([row.id]);
      this.store.faces.unassignUnlessConfirmed(row.id);
    }
  }

  private requirePerson(id: number): Person {
    const person = this.people.get(id);
    if (!person) throw new Error(`No person with id ${id}`);
    return person;
  }

  private requireFace(id: number): Face {
    const face = this.store.faces.get(id);
    if (!face) throw new Error(`No face with id ${id}`);
    return face;
  }
}

function describe(person: Person | undefined): string {
  if (!person) return 'a person';
  return person.name ? `"${person.name}"` : `group ${person.id}`;
}
