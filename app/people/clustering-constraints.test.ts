import { describe, expect, it } from 'vitest';
import { buildConstraintUnits, cannotLinkWithinGroups, ContradictoryConstraintsError } from './clustering-constraints.js';

describe('buildConstraintUnits', () => {
  it('joins overlapping must-link groups transitively and numbers units by smallest member', () => {
    const u = buildConstraintUnits(7, { mustLink: [[5, 2], [2, 6], [3, 1]] });
    expect(u.members).toEqual([[0], [1, 3], [2, 5, 6], [4]]);
    expect(Array.from(u.unitOf)).toEqual([0, 1, 2, 1, 3, 2, 2]);
  });

  it('lifts cannot-links to units, deduplicated and symmetric', () => {
    const u = buildConstraintUnits(5, { mustLink: [[0, 1]], cannotLink: [[0, 2], [1, 2], [4, 3]] });
    expect(u.members).toEqual([[0, 1], [2], [3], [4]]);
    expect(u.conflicts).toEqual([[1], [0], [3], [2]]);
  });

  it('refuses a cannot-link inside a must-link group and indices out of range', () => {
    expect(() => buildConstraintUnits(4, { mustLink: [[0, 1], [1, 2]], cannotLink: [[2, 0]] })).toThrow(
      ContradictoryConstraintsError,
    );
    expect(() => buildConstraintUnits(3, { cannotLink: [[0, 3]] })).toThrow(RangeError);
    expect(() => buildConstraintUnits(3, { mustLink: [[-1, 0]] })).toThrow(RangeError);
  });
});

describe('cannotLinkWithinGroups', () => {
  it('pairs every two items sharing a key and skips undefined keys', () => {
    expect(cannotLinkWithinGroups(['p1', 'p2', 'p1', undefined, 'p1', undefined])).toEqual([
      [0, 2],
      [0, 4],
      [2, 4],
    ]);
  });
});
