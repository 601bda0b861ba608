import type { Repositories } from '../db/repositories.js';
import type { PeopleOperations } from './people-operations.js';
import { addScaled, l2Distance, normalise } from '../shared/vector-math.js';

/** A "same person?" question for the user. */
export type ReviewQuestion =
  | { kind: 'face'; faceId: number; personId: number; confidence: number | null }
  | { kind: 'people'; personA: number; personB: number; distance: number };

/**
 * The review queue: faces suggested for a person (between the automatic and the verification threshold) and pairs of
 * people/groups whose mean faces are within `maxDistance` and that the user has not already said are different. The
 * questions whose "yes" moves the most faces come first (a pair moves the smaller group's faces, a face question one),
 * and among those the most likely "yes": one answer about two groups of thirty settles more than thirty face questions.
 */
export function reviewQuestions(store: Pick<Repositories, 'reviews' | 'people'>, modelId: string, maxDistance: number, limit = 50): ReviewQuestion[] {
  const faces = store.reviews.suggestedFaces(limit).map((q) => ({ question: { kind: 'face', ...q } as ReviewQuestion, moves: 1 }));
  // Stable: equal weights keep faces first, each kind in its own order.
  return [...faces, ...peoplePairs(store, modelId, maxDistance, limit)]
    .sort((a, b) => b.moves - a.moves)
    .slice(0, limit)
    .map((q) => q.question);
}

function peoplePairs(store: Pick<Repositories, 'reviews' | 'people'>, modelId: string, maxDistance: number, limit: number): { question: ReviewQuestion; moves: number; distance: number }[] {
  const sums = new Map<number, Float32Array>();
  const sizes = new Map<number, number>();
  for (const { personId, vector } of store.reviews.personVectors(modelId)) {
    const sum = sums.get(personId) ?? new Float32Array(vector.length);
    addScaled(sum, vector);
    sums.set(personId, sum);
    sizes.set(personId, (sizes.get(personId) ?? 0) + 1);
  }
  const centroids = [...sums].map(([id, sum]) => ({ id, c: normalise(sum), n: sizes.get(id)! }));
  const rejected = new Set(store.people.rejectedPairs().map(([a, b]) => `${a}:${b}`));
  const pairs: { question: ReviewQuestion; moves: number; distance: number }[] = [];
  for (let i = 0; i < centroids.length; i++) {
    for (let j = i + 1; j < centroids.length; j++) {
      const a = centroids[i]!;
      const b = centroids[j]!;
      const [lo, hi] = a.id < b.id ? [a.id, b.id] : [b.id, a.id];
      if (rejected.has(`${lo}:${hi}`)) continue;
      const distance = l2Distance(a.c, b.c);
      if (distance <= maxDistance) pairs.push({ question: { kind: 'people', personA: lo, personB: hi, distance }, moves: Math.min(a.n, b.n), distance });
    }
  }
  return pairs.sort((x, y) => y.moves - x.moves || x.distance - y.distance).slice(0, limit);
}

/** Applies the user's answer: yes confirms (or merges into the named / larger of the two), no is remembered. */
export function answerReview(ops: PeopleOperations, question: ReviewQuestion, same: boolean): void {
  if (question.kind === 'face') {
    if (same) ops.confirmFace(question.faceId, question.personId);
    else ops.rejectFace(question.faceId, question.personId);
    return;
  }
  if (!same) {
    ops.rejectPair(question.personA, question.personB);
    return;
  }
  const a = ops.people.get(question.personA)!;
  const b = ops.people.get(question.personB)!;
  const [keep, drop] = (a.name !== null) !== (b.name !== null) ? (a.name !== null ? [a, b] : [b, a]) : a.faceCount >= b.faceCount ? [a, b] : [b, a];
  ops.merge([drop.id], keep.id);
}
