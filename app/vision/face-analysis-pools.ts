import type { ExecutionProviderSetting } from './execution-provider.js';
import { FaceAnalysisPool } from './face-analysis-pool.js';

/**
 * Small face-analysis pools for interactive requests (search by an image, a face drawn by hand), kept for the life
 * of a long-running process: one per (embedder, execution provider), created on first use, each `workers` threads
 * (default 1), so concurrent requests queue on one pool instead of each loading ONNX Runtime in threads of its own.
 */
export class FaceAnalysisPools {
  private readonly pools = new Map<string, FaceAnalysisPool>();
  private closed = false;

  constructor(private readonly workers = 1) {}

  /** The pool of `embedder` on `executionProvider`, created on first use. */
  get(embedder: string, executionProvider: ExecutionProviderSetting = 'auto'): FaceAnalysisPool {
    if (this.closed) throw new Error('the face analysis pools are closed');
    const key = `${embedder}\u0000${executionProvider}`;
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new FaceAnalysisPool({ embedder, executionProvider, workers: this.workers });
      this.pools.set(key, pool);
    }
    return pool;
  }

  /** Worker threads started by every pool so far. */
  get startedThreads(): number {
    return [...this.pools.values()].reduce((n, p) => n + p.startedThreads, 0);
  }

  async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.close()));
  }
}
