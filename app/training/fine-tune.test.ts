import { describe, expect, it } from 'vitest';
import { fineTune } from './fine-tune.js';
import { syntheticFaces } from './synthetic-identities.js';
import type { EpochRecord } from './trainer.js';

const faces = syntheticFaces({
  dim: 32, people: 24, facesPerPerson: [6, 10], siblingPairs: 6, siblingDistance: 0.5, nuisanceDims: 4, nuisanceScale: 0.5, noise: 0.15, seed: 11,
});
const data = { embeddings: faces.embeddings, labels: Array.from(faces.labels), people: Array.from({ length: 24 }, (_, i) => `p${i}`) };

describe('fineTune (trainer in a worker thread)', () => {
  it('improves validation verification over the frozen model and reports every epoch', async () => {
    const epochs: EpochRecord[] = [];
    const result = await fineTune(data, { epochs: 15, P: 16, lr: 1e-2, onEpoch: (r) => epochs.push(r) });
    expect(epochs[0]!.epoch).toBe(1);
    expect(epochs.length).toBeGreaterThan(1);
    expect(result.after.auc).toBeGreaterThan(result.before.auc);
    expect(result.after.val).toBeGreaterThanOrEqual(result.before.val);
    expect(result.thresholds.verify).toBeGreaterThan(0);
  }, 60_000);

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const run = fineTune(data, { epochs: 500, earlyStoppingPatience: 500, signal: controller.signal, onEpoch: (r) => r.epoch === 1 && controller.abort() });
    await expect(run).rejects.toThrow();
  }, 60_000);
});
