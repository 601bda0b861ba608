import { IdChecksum, type IdSetFingerprint } from './face-id-fingerprint.js';

const ABSENT = 0;
const LIVE = 1;
const DELETED = 2;

/**
 * Which face ids an HNSW index holds, live or marked deleted (hnswlib keeps deleted elements in the graph and
 * cannot say which are which), with the live set's fingerprint kept up to date on every change.
 *
 * One byte per id up to the highest id: face ids are SQLite rowids, dense from 1, so a million faces cost a megabyte
 * (a Set would cost tens). Ids must be integers in [1, 2³¹).
 */
export class FaceIdStates {
  private states = new Uint8Array(1024);
  private readonly checksum = new IdChecksum();
  private live = 0;
  private deleted = 0;
  private maxLive = 0;

  /** Highest id any index may hold: hnswlib labels are uint32 in its binding; 2³¹ keeps the byte map sane. */
  static readonly MAX_ID = 2 ** 31 - 1;

  static check(faceId: number): void {
    if (!Number.isInteger(faceId) || faceId < 1 || faceId > FaceIdStates.MAX_ID) {
      throw new RangeError(`face id must be an integer in [1, ${FaceIdStates.MAX_ID}], got ${faceId}`);
    }
  }

  /** Live ids. */
  get count(): number {
    return this.live;
  }

  /** Ids marked deleted (still stored in the index). */
  get deletedCount(): number {
    return this.deleted;
  }

  isLive(faceId: number): boolean {
    return this.states[faceId] === LIVE;
  }

  isDeleted(faceId: number): boolean {
    return this.states[faceId] === DELETED;
  }

  /** Present in the index at all (live or deleted): adding it again updates that element in place. */
  isKnown(faceId: number): boolean {
    return (this.states[faceId] ?? ABSENT) !== ABSENT;
  }

  markLive(faceId: number): void {
    FaceIdStates.check(faceId);
    this.ensure(faceId);
    const state = this.states[faceId];
    if (state === LIVE) return;
    if (state === DELETED) this.deleted--;
    this.states[faceId] = LIVE;
    this.live++;
    this.checksum.add(faceId);
    if (faceId > this.maxLive) this.maxLive = faceId;
  }

  markDeleted(faceId: number): void {
    FaceIdStates.check(faceId);
    this.ensure(faceId);
    const state = this.states[faceId];
    if (state === DELETED) return;
    if (state === LIVE) {
      this.live--;
      this.checksum.remove(faceId);
    }
    this.states[faceId] = DELETED;
    this.deleted++;
    if (faceId === this.maxLive) {
      // Walk down to the next live id: removing the newest face is rare and the walk stops at the first live one.
      let id = faceId - 1;
      while (id > 0 && this.states[id] !== LIVE) id--;
      this.maxLive = id;
    }
  }

  /** The live set's fingerprint, as the database's fingerprint of the same faces would be. */
  fingerprint(): IdSetFingerprint {
    return { count: this.live, maxFaceId: this.maxLive, idChecksum: this.checksum.toString() };
  }

  /** Deleted ids, ascending (recorded in the header: the index file itself cannot tell them apart). */
  deletedIds(): number[] {
    return this.idsIn(DELETED);
  }

  /** Live ids, ascending. */
  liveIds(): number[] {
    return this.idsIn(LIVE);
  }

  private idsIn(state: number): number[] {
    const ids: number[] = [];
    for (let id = 1; id < this.states.length; id++) if (this.states[id] === state) ids.push(id);
    return ids;
  }

  private ensure(faceId: number): void {
    if (faceId < this.states.length) return;
    const grown = new Uint8Array(Math.max(faceId + 1, this.states.length * 2));
    grown.set(this.states);
    this.states = grown;
  }
}
