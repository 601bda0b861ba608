import { describe, expect, it } from 'vitest';
import { EmbeddingRepository } from '../db/embedding-repository.js';
import { openDatabase } from '../db/open-database.js';
import { mulberry32 } from '../shared/seeded-random.js';
import { FINGERPRINT_HASH, fingerprintFromRow, fingerprintOf, hashFaceId, IdChecksum } from './face-id-fingerprint.js';
import { FaceIdStates } from './face-id-states.js';
import { shuffledOrder } from './insertion-order.js';

/** The fingerprint SQLite computes for `ids` stored as embeddings of one model (foreign keys off: ids only matter). */
function sqlFingerprint(ids: number[]) {
  const db = openDatabase(':memory:');
  db.pragma('foreign_keys = OFF');
  const insert = db.prepare(`INSERT INTO face_embeddings (face_id, model_id, vector) VALUES (?, 'm', x'00')`);
  db.transaction(() => ids.forEach((id) => insert.run(id)))();
  db.prepare(`INSERT INTO face_embeddings (face_id, model_id, vector) VALUES (7, 'other', x'00')`).run();
  const row = new EmbeddingRepository(db).faceIdSums('m', FINGERPRINT_HASH);
  db.close();
  return fingerprintFromRow(row);
}

describe('face id fingerprint', () => {
  it('is computed identically by SQLite and in JS, for small, large and many ids', () => {
    const random = mulberry32(7);
    const sets: number[][] = [
      [],
      [1],
      [1, 2, 3, 1000],
      [FaceIdStates.MAX_ID, 2 ** 31 - 2, 65535, 65536, 65537, 3_037_000_499],
      [...new Set(Array.from({ length: 5000 }, () => 1 + Math.floor(random() * 2 ** 31)))],
    ];
    for (const ids of sets) expect(sqlFingerprint(ids)).toEqual(fingerprintOf(ids));
  });

  it('tells apart sets with the same count, highest id and sum', () => {
    const a = fingerprintOf([1, 4, 5]);
    const b = fingerprintOf([2, 3, 5]);
    expect([a.count, a.maxFaceId]).toEqual([b.count, b.maxFaceId]);
    expect(a.idChecksum.split('-')[0]).toBe(b.idChecksum.split('-')[0]); // equal sums...
    expect(a.idChecksum).not.toBe(b.idChecksum); // ...but not equal hashes
    expect(sqlFingerprint([1, 4, 5])).toEqual(a);
  });

  it('hashes ids to 32 bits and updates incrementally', () => {
    const seen = new Set<number>();
    for (let id = 1; id <= 10000; id++) {
      const h = hashFaceId(id);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
      seen.add(h);
    }
    expect(seen.size).toBeGreaterThan(9990); // spread over 32 bits: (almost) no collisions
    const checksum = new IdChecksum();
    [5, 9, 12].forEach((id) => checksum.add(id));
    checksum.remove(9);
    expect(checksum.toString()).toBe(fingerprintOf([5, 12]).idChecksum);
  });
});

describe('FaceIdStates', () => {
  it('tracks live and deleted ids and the live fingerprint, with the highest id walking down on removal', () => {
    const states = new FaceIdStates();
    [3, 9, 2000, 7].forEach((id) => states.markLive(id));
    states.markDeleted(2000);
    states.markDeleted(9);
    expect(states.fingerprint()).toEqual(fingerprintOf([3, 7]));
    expect(states.deletedIds()).toEqual([9, 2000]);
    expect([states.isLive(7), states.isDeleted(9), states.isKnown(9), states.isKnown(8)]).toEqual([true, true, true, false]);
    states.markLive(9);
    expect(states.fingerprint()).toEqual(fingerprintOf([3, 7, 9]));
    expect(states.deletedCount).toBe(1);
    expect(() => states.markLive(0)).toThrow(RangeError);
    expect(() => states.markLive(1.5)).toThrow(RangeError);
  });
});

describe('shuffledOrder', () => {
  it('is a seeded permutation', () => {
    const order = shuffledOrder(1000, 3);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(shuffledOrder(1000, 3)).toEqual(order);
    expect(shuffledOrder(1000, 4)).not.toEqual(order);
    // Runs are broken up: few neighbours in the input stay neighbours.
    let adjacent = 0;
    for (let i = 1; i < order.length; i++) if (Math.abs(order[i]! - order[i - 1]!) === 1) adjacent++;
    expect(adjacent).toBeLessThan(20);
  });
});
