import { describe, expect, it } from 'vitest';
import { normalise } from '../shared/vector-math.js';
import type { LabeledPair } from '../eval/pairs-file.js';
import { scorePairs } from './evaluate-pairs.js';
import type { ImageEmbedding } from './embed-images.js';

const unit = (...v: number[]) => normalise(Float32Array.from(v));

describe('scorePairs per pair type', () => {
  it('reports each type on its own pairs, with its no-face images', () => {
    // Person A: a1, a2 (frontal), ap (profile, no face found); person B: b1, bp.
    const embedded = new Map<string, ImageEmbedding>([
      ['a1', { embedding: unit(1, 0, 0), source: 'detected', facesFound: 1 }],
      ['a2', { embedding: unit(1, 0.05, 0), source: 'detected', facesFound: 1 }],
      ['ap', { embedding: unit(1, 0.6, 0), source: 'whole-image', facesFound: 0 }],
      ['b1', { embedding: unit(0, 1, 0), source: 'detected', facesFound: 1 }],
      ['bp', { embedding: unit(0.6, 1, 0), source: 'detected', facesFound: 1 }],
    ]);
    const pair = (a: string, b: string, same: boolean, fold: number, type: string): LabeledPair => ({ a, b, same, fold, type });
    const pairs = [
      pair('a1', 'a2', true, 1, 'FF'),
      pair('a1', 'b1', false, 1, 'FF'),
      pair('a2', 'b1', false, 2, 'FF'),
      pair('a1', 'a2', true, 2, 'FF'),
      pair('a1', 'ap', true, 1, 'FP'),
      pair('a1', 'bp', false, 1, 'FP'),
      pair('b1', 'bp', true, 2, 'FP'),
      pair('b1', 'ap', false, 2, 'FP'),
    ];
    const r = scorePairs(pairs, embedded);
    expect(Object.keys(r.byType)).toEqual(['FF', 'FP']);
    expect(r.byType['FF']!.report.pairs).toBe(4);
    expect(r.byType['FF']!.report.meanAccuracy).toBe(1);
    expect(r.byType['FF']!.noFaceImages).toBe(0);
    expect(r.byType['FP']!.images).toBe(4);
    expect(r.byType['FP']!.noFaceImages).toBe(1);
    expect(r.report.pairs).toBe(8);
    expect(scorePairs(pairs.map(({ type: _t, ...p }) => p), embedded).byType).toEqual({});
  });
});
