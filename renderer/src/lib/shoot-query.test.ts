import { describe, expect, it } from 'vitest';
import { EMPTY_QUERY, parseShootQuery, shootFilterOf, shootQueryString } from './shoot-query.js';

describe('the culling filter in the address', () => {
  it('round-trips through the query string, defaults left out', () => {
    const q = { personIds: [3, 7], match: 'any' as const, unnamed: true, folder: '/photos/wedding & party', from: '2024-06-01', to: '2024-06-02', sort: 'date' as const };
    const text = shootQueryString(q);
    expect(text).toBe('person=3&person=7&match=any&unnamed=1&folder=%2Fphotos%2Fwedding+%26+party&from=2024-06-01&to=2024-06-02&sort=date');
    expect(parseShootQuery(text)).toEqual(q);
    expect(shootQueryString(EMPTY_QUERY)).toBe('');
    expect(parseShootQuery('')).toEqual(EMPTY_QUERY);
  });

  it('drops what it cannot read instead of guessing', () => {
    expect(parseShootQuery('person=abc&person=0&person=5&person=5&match=some&sort=size&from=June&to=2024-13-45')).toEqual({ ...EMPTY_QUERY, personIds: [5] });
  });

  it('turns days into the capture-time range the core takes (the "to" day included)', () => {
    expect(shootFilterOf({ ...EMPTY_QUERY, from: '2024-06-01', to: '2024-06-01' })).toEqual({
      personIds: [],
      match: 'all',
      unnamed: false,
      from: Date.UTC(2024, 5, 1),
      to: Date.UTC(2024, 5, 1) + 86_399_999,
    });
  });
});
