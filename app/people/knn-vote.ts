/**
 * Recognition by distance-weighted k-NN over named faces, and the rule that turns a vote into assign / suggest /
 * unknown.
 *
 * Weight of a neighbour at distance d is 1/(d + ε): a near-duplicate counts much more than a face at the threshold,
 * and ε keeps an exact duplicate finite. The vote's `distance` is the distance to the winner's nearest face, the
 * quantity the verification thresholds were calibrated on (a pair distance), and `confidence` is the winner's share
 * of the total weight.
 */

/** A face found near the query, with the person it is named as (null: not named, ignored by the vote). */
export interface Neighbour {
  readonly personId: string | number | null;
  readonly distance: number;
}

/** Options of `knnVote`. */
export interface KnnVoteOptions {
  /** Neighbours considered (the nearest named ones). Default 7. */
  readonly k?: number;
  /** Ignore neighbours farther than this. Default: no limit. */
  readonly maxDistance?: number;
  /** ε of the weight 1/(d + ε). Default 1e-3. */
  readonly epsilon?: number;
}

/** The outcome of a vote. */
export interface KnnVote {
  readonly personId: string | number;
  /** Winner's share of the total weight, in (0, 1]. */
  readonly confidence: number;
  /** Distance to the winner's nearest face. */
  readonly distance: number;
  /** Neighbours that voted for the winner. */
  readonly votes: number;
  /**
   * True when another person had exactly the same weight and the same nearest distance, so the winner was picked only
   * by id order. Weight ties with different nearest distances go to the nearer person and are not flagged.
   */
  readonly tie: boolean;
}

/** Vote over `neighbours` (any order). Returns null when no named neighbour is left to vote. */
export function knnVote(neighbours: readonly Neighbour[], options: KnnVoteOptions = {}): KnnVote | null {
  const k = options.k ?? 7;
  const epsilon = options.epsilon ?? 1e-3;
  const maxDistance = options.maxDistance ?? Infinity;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  if (!(epsilon > 0)) throw new RangeError(`epsilon must be > 0, got ${epsilon}`);

  const named = neighbours
    .map((nb, index) => ({ nb, index }))
    .filter(({ nb }) => nb.personId !== null && nb.distance <= maxDistance)
    .sort((a, b) => a.nb.distance - b.nb.distance || a.index - b.index)
    .slice(0, k);
  if (named.length === 0) return null;

  const tally = new Map<string | number, { weight: number; nearest: number; votes: number }>();
  let total = 0;
  for (const { nb } of named) {
    const w = 1 / (nb.distance + epsilon);
    total += w;
    const t = tally.get(nb.personId!);
    if (t) {
      t.weight += w;
      t.votes++;
    } else tally.set(nb.personId!, { weight: w, nearest: nb.distance, votes: 1 });
  }
  // Sums of the same weights in a different order can differ in the last bit; treat those as equal.
  const same = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
  const ranked = [...tally.entries()].sort(([ida, a], [idb, b]) =>
    !same(a.weight, b.weight) ? b.weight - a.weight : a.nearest - b.nearest || String(ida).localeCompare(String(idb)),
  );
  const [winnerId, winner] = ranked[0]!;
  const runnerUp = ranked[1]?.[1];
  const tie = runnerUp !== undefined && same(runnerUp.weight, winner.weight) && runnerUp.nearest === winner.nearest;
  return { personId: winnerId, confidence: winner.weight / total, distance: winner.nearest, votes: winner.votes, tie };
}

/** Thresholds of the recognition rule (L2 distances of the embedding model in use). */
export interface RecognitionRules {
  /** Assign automatically when the winner's nearest face is at distance ≤ this (strict: low FAR). */
  readonly autoThreshold: number;
  /** Suggest (ask the user) when within this (the verification threshold). Must be ≥ autoThreshold. */
  readonly verifyThreshold: number;
  /** Automatic assignment also needs confidence > this. Default 0.5 (a weighted majority). */
  readonly minAutoConfidence?: number;
}

/** What to do with a face. */
export type RecognitionDecision =
  | { readonly kind: 'assign'; readonly personId: string | number; readonly confidence: number; readonly distance: number }
  | { readonly kind: 'suggest'; readonly personId: string | number; readonly confidence: number; readonly distance: number }
  | { readonly kind: 'unknown' };

/**
 * Assign automatically under autoThreshold (with a clear majority and no unresolved tie), suggest under
 * verifyThreshold, otherwise unknown.
 */
export function decideRecognition(vote: KnnVote | null, rules: RecognitionRules): RecognitionDecision {
  const { autoThreshold, verifyThreshold } = rules;
  if (!(autoThreshold <= verifyThreshold)) {
    throw new RangeError(`autoThreshold (${autoThreshold}) must not exceed verifyThreshold (${verifyThreshold})`);
  }
  if (!vote) return { kind: 'unknown' };
  const { personId, confidence, distance } = vote;
  if (distance <= autoThreshold && confidence > (rules.minAutoConfidence ?? 0.5) && !vote.tie) {
    return { kind: 'assign', personId, confidence, distance };
  }
  if (distance <= verifyThreshold) return { kind: 'suggest', personId, confidence, distance };
  return { kind: 'unknown' };
}
