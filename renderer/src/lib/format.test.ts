import { describe, expect, it } from 'vitest';
import { formatEta, formatRate, formatTakenAt, phaseLabel } from './format.js';

describe('UI formatting', () => {
  it('formats rates and ETAs for the progress line', () => {
    expect(formatRate(0)).toBe('—');
    expect(formatRate(3.14159)).toBe('3.1 files/s');
    expect(formatRate(42.4)).toBe('42 files/s');
    expect(formatEta(null)).toBe('');
    expect(formatEta(12)).toBe('less than a minute left');
    expect(formatEta(125)).toBe('about 2 min left');
    expect(formatEta(3 * 3600 + 20 * 60)).toBe('about 3 h 20 min left');
  });

  it('shows capture times as the camera recorded them', () => {
    expect(formatTakenAt(null)).toBe('No date');
    expect(formatTakenAt(Date.UTC(2021, 6, 4, 18, 30))).toMatch(/2021/);
    expect(formatTakenAt(Date.UTC(2021, 6, 4, 18, 30))).toMatch(/6:30|18:30/);
    expect(phaseLabel('reading')).toBe('Reading photos');
    expect(phaseLabel('faces')).toBe('Finding faces');
    expect(phaseLabel('clustering')).toBe('Clustering');
  });
});
