import { describe, expect, it } from 'vitest';
import { Adam } from './adam.js';

describe('Adam', () => {
  it('first step moves each parameter by lr against the sign of its gradient (bias correction)', () => {
    const p = Float64Array.from([1, 1, 1]);
    new Adam(3, { lr: 0.01 }).step(p, Float64Array.from([5, -0.001, 0]));
    expect(p[0]).toBeCloseTo(0.99, 6);
    expect(p[1]).toBeCloseTo(1.01, 4);
    expect(p[2]).toBe(1);
  });

  it('minimises a badly scaled quadratic', () => {
    const p = Float64Array.from([3, -2]);
    const adam = new Adam(2, { lr: 0.05 });
    for (let t = 0; t < 2000; t++) adam.step(p, Float64Array.from([2 * 100 * p[0]!, 2 * 0.01 * (p[1]! - 1)]));
    expect(Math.abs(p[0]!)).toBeLessThan(1e-2);
    expect(Math.abs(p[1]! - 1)).toBeLessThan(5e-2);
    expect(adam.steps).toBe(2000);
  });

  it('weight decay pulls toward the reference point (the identity), not toward zero', () => {
    const target = Float64Array.from([1, 0]);
    const p = Float64Array.from([2, 0.5]);
    const adam = new Adam(2, { lr: 0.1, weightDecay: 1, decayTarget: target });
    for (let t = 0; t < 10; t++) adam.step(p, new Float64Array(2));
    // zero gradient: θ − θ_ref shrinks by (1 − lr·λ) = 0.9 per step
    expect(p[0]! - 1).toBeCloseTo(0.9 ** 10, 12);
    expect(p[1]).toBeCloseTo(0.5 * 0.9 ** 10, 12);
  });
});
