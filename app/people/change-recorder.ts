import type { FaceAssignmentRow } from '../db/face-repository.js';
import type { FaceRejectionRow, PersonRow } from '../db/people-repository.js';
import type { Repositories } from '../db/repositories.js';

/** Everything an operation changed, as it was before: enough to undo it exactly (stored as JSON, rows as they were). */
export interface ChangeSnapshot {
  faces: FaceAssignmentRow[];
  people: (PersonRow | { id: number; absent: true })[];
  faceRejectionsRemoved: FaceRejectionRow[];
  faceRejectionsAdded: [number, number][];
  pairRejectionsAdded: [number, number][];
}

type SnapshotStore = Pick<Repositories, 'faces' | 'people'>;

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

  constructor(private readonly store: SnapshotStore) {}

  faces(ids: Iterable<number>): void {
    for (const id of ids) {
      if (this.seenFaces.has(id)) continue;
      this.seenFaces.add(id);
      const row = this.store.faces.assignmentRow(id);
      if (row) this.snapshot.faces.push(row);
    }
  }

  /** Snapshot of a person row; a person created by the operation is recorded as absent. */
  person(id: number): void {
    if (this.seenPeople.has(id)) return;
    this.seenPeople.add(id);
    this.snapshot.people.push(this.store.people.row(id) ?? { id, absent: true });
  }

  /** Snapshot of every face assigned to a person (before a merge or re-cluster moves them). */
  facesOfPerson(personId: number): void {
    this.faces(this.store.faces.idsOfPerson(personId));
  }

  faceRejectionsOf(personId: number): void {
    this.snapshot.faceRejectionsRemoved.push(...this.store.people.faceRejectionsOf(personId));
  }

  addedFaceRejection(faceId: number, personId: number): void {
    if (!this.store.people.isFaceRejected(faceId, personId)) this.snapshot.faceRejectionsAdded.push([faceId, personId]);
  }

  addedPairRejection(a: number, b: number): void {
    this.snapshot.pairRejectionsAdded.push([Math.min(a, b), Math.max(a, b)]);
  }

  result(): ChangeSnapshot {
    return this.snapshot;
  }
}

/** Puts back what a snapshot recorded (inside the caller's transaction). */
export function restoreSnapshot(store: SnapshotStore, s: ChangeSnapshot): void {
  const { faces, people } = store;
  // A face deleted since (marked "not a face") cannot come back as a cover or in a rejection: those are skipped.
  // Names are unique: clear the names of people being restored first, so swapping names back cannot collide.
  for (const p of s.people) if (!('absent' in p)) people.clearName(p.id);
  for (const p of s.people) {
    if ('absent' in p) continue;
    people.restoreSnapshotRow(p);
  }
  for (const f of s.faces) faces.restoreAssignment(f);
  for (const [face, person] of s.faceRejectionsAdded) people.unrejectFace(face, person);
  for (const r of s.faceRejectionsRemoved) people.restoreFaceRejection(r);
  for (const [a, b] of s.pairRejectionsAdded) people.unrejectPair(a, b);
  // People the operation created go last, once no face points at them.
  for (const p of s.people) if ('absent' in p) people.delete(p.id);
}
