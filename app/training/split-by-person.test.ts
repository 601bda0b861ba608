import { describe, expect, it } from 'vitest';
import { splitByPerson } from './split-by-person.js';

describe('splitByPerson', () => {
  const counts = [1, 2, 3, 4, 5, 10, 20];
  const labels = Int32Array.from(counts.flatMap((c, p) => Array<number>(c).fill(p)));

  it('holds out ~20 % of each person (≥ 1), keeps ≥ 2 in training, and people with < 3 faces only in training', () => {
    const { train, validation } = splitByPerson(labels, { seed: 3 });
    expect(train.length + validation.length).toBe(labels.length);
    expect(new Set([...train, ...validation]).size).toBe(labels.length);
    const held = counts.map((_, p) => [...validation].filter((i) => labels[i] === p).length);
    expect(held).toEqual([0, 0, 1, 1, 1, 2, 4]);
  });

  it('is deterministic per seed', () => {
    const a = splitByPerson(labels, { seed: 3 });
    expect(splitByPerson(labels, { seed: 3 })).toEqual(a);
    expect([...splitByPerson(labels, { seed: 4 }).validation]).not.toEqual([...a.validation]);
  });
});
