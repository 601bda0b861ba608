import { describe, expect, it } from 'vitest';
import type { Repositories } from '../db/repositories.js';
import { reviewQuestions } from './review-queue.js';

const v = (...xs: number[]) => Float32Array.from(xs);
/** People 1 and 2 (one face each) and 3 and 4 (three faces each) are pairs of near groups; face 9 is suggested. */
const store = {
  reviews: {
    suggestedFaces: () => [{ faceId: 9, personId: 1, confidence: 0.8 }],
    personVectors: () => [
      { personId: 1, vector: v(1, 0, 0) },
      { personId: 2, vector: v(0.99, 0.141, 0) },
      ...[3, 3, 3].map((personId) => ({ personId, vector: v(0, 0, 1) })),
      ...[4, 4, 4].map((personId) => ({ personId, vector: v(0, 0.2, 0.98) })),
    ],
  },
  people: { rejectedPairs: () => [] as [number, number][] },
} as unknown as Pick<Repositories, 'reviews' | 'people'>;

describe('reviewQuestions', () => {
  it('asks first the question whose answer moves the most faces', () => {
    const questions = reviewQuestions(store, 'm', 0.5);
    expect(questions.map((q) => (q.kind === 'people' ? `${q.personA}+${q.personB}` : `face ${q.faceId}`))).toEqual(['3+4', 'face 9', '1+2']);
  });
});
