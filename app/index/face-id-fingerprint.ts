/**
 * A cheap fingerprint of a set of face ids: count, highest id and an order-independent checksum. An index file is
 * trusted only when its fingerprint equals the database's, computed in one SQL pass (`FACE_ID_FINGERPRINT_SQL`).
 *
 * The checksum is two sums modulo 2⁴⁸ (exact in a JS number, whatever the count): the ids themselves and a 32-bit
 * integer hash of each id. The hash makes it nonlinear, so a different set with the same count, maximum and even the
 * same sum (say {1, 4} against {2, 3}) still disagrees; sums keep it incremental (add and remove are O(1)).
 */

/** What an index and the database are compared on. */
export interface IdSetFingerprint {
  count: number;
  /** Highest id in the set; 0 for the empty set. */
  maxFaceId: number;
  /** `<sum of ids mod 2⁴⁸>-<sum of hashFaceId mod 2⁴⁸>`, both hex. */
  idChecksum: string;
}

/** Sums are reduced modulo 2⁴⁸ so they stay exact in a double (2⁵³) and in SQLite's int64 `sum()`. */
const MODULUS = 2 ** 48;
/** The multiplier of the integer hash below (0x45d9f3b), written in decimal for the SQL. */
const MULTIPLIER = 73244475;

/**
 * A 32-bit integer hash of a face id (the "hash32" finaliser: xor-shift, multiply, twice). Must equal the SQL
 * expression in `FACE_ID_FINGERPRINT_SQL` bit for bit: ids are < 2³², products < 2⁵⁹, so both sides are exact.
 */
export function hashFaceId(id: number): number {
  let x = id >>> 0;
  x = Math.imul((x >>> 16) ^ x, MULTIPLIER) >>> 0;
  x = Math.imul((x >>> 16) ^ x, MULTIPLIER) >>> 0;
  return ((x >>> 16) ^ x) >>> 0;
}

/** Incremental checksum of a set of ids (the caller guarantees each id is added at most once). */
export class IdChecksum {
  private idSum = 0;
  private hashSum = 0;

  add(id: number): void {
    this.idSum = (this.idSum + id) % MODULUS;
    this.hashSum = (this.hashSum + hashFaceId(id)) % MODULUS;
  }

  remove(id: number): void {
    this.idSum = (this.idSum - (id % MODULUS) + MODULUS) % MODULUS;
    this.hashSum = (this.hashSum - hashFaceId(id) + MODULUS) % MODULUS;
  }

  toString(): string {
    return formatChecksum(this.idSum, this.hashSum);
  }
}

function formatChecksum(idSum: number, hashSum: number): string {
  return `${idSum.toString(16)}-${hashSum.toString(16)}`;
}

/** The fingerprint of ids held in memory (each id once). */
export function fingerprintOf(ids: Iterable<number>): IdSetFingerprint {
  const checksum = new IdChecksum();
  let count = 0;
  let maxFaceId = 0;
  for (const id of ids) {
    checksum.add(id);
    count++;
    if (id > maxFaceId) maxFaceId = id;
  }
  return { count, maxFaceId, idChecksum: checksum.toString() };
}

// xor is not an SQLite operator: a ^ b = (a | b) - (a & b) for non-negative integers.
const xorShift16 = (v: string): string => `(((${v} >> 16) | ${v}) - ((${v} >> 16) & ${v}))`;

/**
 * One pass over a model's embeddings (bind the model id): count, max face id and the two checksum sums, exactly as
 * `IdChecksum` computes them. SQLite flattens the nested selects, so this is a single scan of the ids.
 */
export const FACE_ID_FINGERPRINT_SQL = `
SELECT count(*) AS count,
       coalesce(max(id), 0) AS maxFaceId,
       coalesce(sum(id), 0) % ${MODULUS} AS idSum,
       coalesce(sum(${xorShift16('x')}), 0) % ${MODULUS} AS hashSum
FROM (SELECT id, (${xorShift16('y')} * ${MULTIPLIER}) & 4294967295 AS x
      FROM (SELECT id, (${xorShift16('id')} * ${MULTIPLIER}) & 4294967295 AS y
            FROM (SELECT face_id AS id FROM face_embeddings WHERE model_id = ?)))`;

/** Turns the row of `FACE_ID_FINGERPRINT_SQL` into a fingerprint. */
export function fingerprintFromRow(row: { count: number; maxFaceId: number; idSum: number; hashSum: number }): IdSetFingerprint {
  return { count: row.count, maxFaceId: row.maxFaceId, idChecksum: formatChecksum(row.idSum, row.hashSum) };
}

/** Equal fingerprints (same count, max and checksum). */
export function sameFingerprint(a: IdSetFingerprint, b: IdSetFingerprint): boolean {
  return a.count === b.count && a.maxFaceId === b.maxFaceId && a.idChecksum === b.idChecksum;
}
