/**
 * A cheap fingerprint of a set of face ids: count, highest id and an order-independent checksum. An index file is
 * trusted only when its fingerprint equals the database's, computed in one SQL pass (`EmbeddingRepository.faceIdSums`).
 *
 * The checksum is two sums modulo 2⁴⁸ (exact in a JS number, whatever the count): the ids themselves and a 32-bit
 * hash of each id. The hash is nonlinear (id² · K mod 2³²), so a different set with the same count, maximum and even
 * the same sum (say {1, 4, 5} against {2, 3, 5}) still disagrees; sums keep it incremental (add and remove are O(1)).
 * It is one cheap SQL expression: SQLite inlines nested column aliases, so a multi-round hash with xor (which SQL
 * spells with four references to each operand) cost 3× more per row.
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
/** An odd 27-bit multiplier (0x45d9f3b): (id² mod 2³²) · K < 2⁵⁹ stays exact in SQLite's int64. */
const MULTIPLIER = 73244475;

/**
 * A 32-bit hash of a face id: (id² mod 2³²) · K mod 2³². Must equal the SQL of `EmbeddingRepository.faceIdSums` bit for bit:
 * Math.imul keeps the low 32 bits exactly, and in SQL id² < 2⁶² because ids are below 2³¹ (FaceIdStates.MAX_ID).
 */
export function hashFaceId(id: number): number {
  return Math.imul(Math.imul(id, id) >>> 0, MULTIPLIER) >>> 0;
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

/** The parameters of the database's pass over a model's face ids (`EmbeddingRepository.faceIdSums`). */
export const FINGERPRINT_HASH = { multiplier: MULTIPLIER, modulus: MODULUS } as const;

/** Turns the database's sums (`EmbeddingRepository.faceIdSums` with `FINGERPRINT_HASH`) into a fingerprint. */
export function fingerprintFromRow(row: { count: number; maxFaceId: number; idSum: number; hashSum: number }): IdSetFingerprint {
  return { count: row.count, maxFaceId: row.maxFaceId, idChecksum: formatChecksum(row.idSum, row.hashSum) };
}

/** Equal fingerprints (same count, max and checksum). */
export function sameFingerprint(a: IdSetFingerprint, b: IdSetFingerprint): boolean {
  return a.count === b.count && a.maxFaceId === b.maxFaceId && a.idChecksum === b.idChecksum;
}
