/**
 * A tiny seeded PRNG (mulberry32) and the few draws built on it that clustering and training need.
 * Not cryptographic; chosen because it is 32-bit, fast, has a full 2³² period and gives the same stream on every
 * platform for the same seed, which is what makes clustering and training runs reproducible.
 */

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/** mulberry32 seeded with the low 32 bits of `seed` (non-integers are truncated). */
export function mulberry32(seed: number): Random {
  let state = Math.trunc(seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [0, n). */
export function randomInt(random: Random, n: number): number {
  if (!(n > 0) || !Number.isInteger(n)) throw new RangeError(`randomInt: n must be a positive integer, got ${n}`);
  return Math.floor(random() * n);
}

/** A standard normal draw (Box–Muller; one of the pair is discarded to keep the generator stateless). */
export function randomGaussian(random: Random): number {
  // 1 − u keeps the argument of log in (0, 1].
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Fisher–Yates shuffle in place; returns the same array. */
export function shuffleInPlace<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
  return items;
}

/**
 * An index drawn with probability proportional to `weights[i]` (non-negative). Returns -1 when all weights are zero.
 * Linear scan: the callers draw a handful of times over at most a few thousand weights.
 */
export function randomWeightedIndex(random: Random, weights: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i]!;
  if (!(total > 0)) return -1;
  let r = random() * total;
  let last = -1;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (w <= 0) continue;
    last = i;
    r -= w;
    if (r < 0) return i;
  }
  return last; // rounding left r ≥ 0 after the last positive weight
}
