/**
 * The writes a people update decided, kept until the deciding is done: grouping searches and agglomerates outside any
 * transaction, then `apply` writes everything in short transactions of `batchSize` writes, one after another (no other
 * work runs in between, so nothing the user does can fall between two of them). A new group is a negative stand-in id
 * while deciding; it becomes a real person when its first face is written.
 */
import type { Repositories } from '../db/repositories.js';

type Write =
  | { kind: 'assign'; faceId: number; personId: number; assignment: 'auto' | 'suggested'; confidence: number | null }
  | { kind: 'unassign'; faceId: number }
  | { kind: 'delete'; personId: number };

export class PendingPeopleWrites {
  private readonly writes: Write[] = [];
  private newGroups = 0;

  /** A stand-in id for a group that does not exist yet (negative, so it never collides with a person's id). */
  newGroup(): number {
    return -++this.newGroups;
  }

  assign(faceId: number, personId: number, assignment: 'auto' | 'suggested', confidence: number | null): void {
    this.writes.push({ kind: 'assign', faceId, personId, assignment, confidence });
  }

  unassign(faceId: number): void {
    this.writes.push({ kind: 'unassign', faceId });
  }

  deletePerson(personId: number): void {
    this.writes.push({ kind: 'delete', personId });
  }

  get size(): number {
    return this.writes.length;
  }

  /** Writes everything, `batchSize` writes per transaction, in the order decided. */
  apply(store: Pick<Repositories, 'people' | 'faces' | 'transaction'>, batchSize: number): void {
    const created = new Map<number, number>();
    const real = (id: number): number => {
      if (id >= 0) return id;
      let person = created.get(id);
      if (person === undefined) created.set(id, (person = store.people.create(null)));
      return person;
    };
    for (let from = 0; from < this.writes.length; from += batchSize) {
      store.transaction(() => {
        for (const w of this.writes.slice(from, from + batchSize)) {
          if (w.kind === 'assign') store.faces.assign(w.faceId, real(w.personId), w.assignment, w.confidence);
          else if (w.kind === 'unassign') store.faces.unassign(w.faceId);
          else store.people.delete(w.personId);
        }
      });
    }
  }
}
