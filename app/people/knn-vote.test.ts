import { describe, expect, it } from 'vitest';
import { decideRecognition, knnVote } from './knn-vote.js';

describe('knnVote', () => {
  it('weights by 1/(d + ε) and reports the winner’s nearest distance and share', () => {
    const v = knnVote(
      [
        { personId: 'ann', distance: 0.5 },
        { personId: 'bob', distance: 0.4 },
        { personId: 'ann', distance: 0.6 },
      ],
      { epsilon: 0.1 },
    )!;
    // ann: 1/0.6 + 1/0.7 = 3.0952; bob: 1/0.5 = 2 → ann wins with 3.0952 / 5.0952.
    expect(v.personId).toBe('ann');
    expect(v.confidence).toBeCloseTo((1 / 0.6 + 1 / 0.7) / (1 / 0.6 + 1 / 0.7 + 2), 12);
    expect(v.distance).toBe(0.5);
    expect(v.votes).toBe(2);
    expect(v.tie).toBe(false);
  });

  it('lets one much closer face outvote several far ones', () => {
    const v = knnVote([
      { personId: 1, distance: 0.05 },
      { personId: 2, distance: 0.9 },
      { personId: 2, distance: 0.95 },
      { personId: 2, distance: 1.0 },
    ])!;
    expect(v.personId).toBe(1);
  });

  it('keeps only the k nearest named neighbours within maxDistance', () => {
    const nbs = [
      { personId: null, distance: 0.1 },
      { personId: 'a', distance: 0.3 },
      { personId: 'b', distance: 0.35 },
      { personId: 'b', distance: 0.36 },
      { personId: 'a', distance: 1.5 },
    ];
    expect(knnVote(nbs, { k: 1 })!.personId).toBe('a');
    expect(knnVote(nbs, { k: 3 })!.personId).toBe('b');
    expect(knnVote(nbs, { maxDistance: 0.2 })).toBeNull();
    expect(knnVote([])).toBeNull();
  });

  it('flags a full tie (same weight, same nearest distance) and picks by id order', () => {
    const v = knnVote([
      { personId: 'y', distance: 0.4 },
      { personId: 'x', distance: 0.4 },
    ])!;
    expect(v.tie).toBe(true);
    expect(v.personId).toBe('x');
    expect(v.confidence).toBeCloseTo(0.5, 12);
  });

  it('breaks a weight tie by the nearer face, without flagging it', () => {
    // ε = 0.1: 'p' has 1/0.2 + 1/0.5 = 7 (nearest 0.1), 'q' has 1/0.25 + 1/(1/3 − 0.1) = 4 + 3 = 7 (nearest 0.15).
    const v = knnVote(
      [
        { personId: 'q', distance: 0.15 },
        { personId: 'q', distance: 1 / 3 - 0.1 },
        { personId: 'p', distance: 0.1 },
        { personId: 'p', distance: 0.4 },
      ],
      { epsilon: 0.1 },
    )!;
    expect(v.confidence).toBeCloseTo(0.5, 12);
    expect(v.personId).toBe('p');
    expect(v.tie).toBe(false);
  });

  it('validates options', () => {
    expect(() => knnVote([], { k: 0 })).toThrow(RangeError);
    expect(() => knnVote([], { epsilon: 0 })).toThrow(RangeError);
  });
});

describe('decideRecognition', () => {
  const rules = { autoThreshold: 0.5, verifyThreshold: 0.8 };
  const vote = (distance: number, confidence = 0.9, tie = false) => ({ personId: 'ann', distance, confidence, votes: 3, tie });

  it('assigns under the auto threshold, suggests under the verify threshold, else unknown', () => {
    expect(decideRecognition(vote(0.5), rules).kind).toBe('assign');
    expect(decideRecognition(vote(0.6), rules)).toEqual({ kind: 'suggest', personId: 'ann', confidence: 0.9, distance: 0.6 });
    expect(decideRecognition(vote(0.81), rules)).toEqual({ kind: 'unknown' });
    expect(decideRecognition(null, rules)).toEqual({ kind: 'unknown' });
  });

  it('only suggests when the vote is split or tied', () => {
    expect(decideRecognition(vote(0.3, 0.5), rules).kind).toBe('suggest');
    expect(decideRecognition(vote(0.3, 0.55), rules).kind).toBe('assign');
    expect(decideRecognition(vote(0.3, 0.55), { ...rules, minAutoConfidence: 0.6 }).kind).toBe('suggest');
    expect(decideRecognition(vote(0.3, 0.9, true), rules).kind).toBe('suggest');
  });

  it('rejects an auto threshold above the verify threshold', () => {
    expect(() => decideRecognition(vote(0.3), { autoThreshold: 0.9, verifyThreshold: 0.8 })).toThrow(RangeError);
  });
});
