import type { JobProgress } from '../shared/job-progress.js';

export type { JobProgress } from '../shared/job-progress.js';

export type ProgressListener = (progress: JobProgress) => void;

const RATE_WINDOW_MS = 5_000;

/**
 * Counts work done in phases and reports it at most every `throttleMs` (and always on a phase change and on
 * `flush`), with a rate over a sliding window so the ETA follows the current speed, not the average since start.
 */
export class ProgressTracker {
  private current: JobProgress = { phase: 'starting', done: 0, total: 0, rate: 0, etaSeconds: null };
  private samples: { at: number; done: number }[] = [];
  private lastEmit = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly listener: ProgressListener,
    private readonly throttleMs = 200,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get snapshot(): JobProgress {
    return { ...this.current };
  }

  /** Starts a new phase with `total` items. */
  phase(phase: string, total: number): void {
    this.current = { phase, done: 0, total, rate: 0, etaSeconds: null };
    this.samples = [{ at: this.now(), done: 0 }];
    this.emit();
  }

  setTotal(total: number): void {
    this.current.total = total;
    this.maybeEmit();
  }

  advance(count = 1): void {
    this.current.done += count;
    const at = this.now();
    this.samples.push({ at, done: this.current.done });
    while (this.samples.length > 2 && at - this.samples[0]!.at > RATE_WINDOW_MS) this.samples.shift();
    const first = this.samples[0]!;
    const seconds = (at - first.at) / 1000;
    this.current.rate = seconds > 0 ? (this.current.done - first.done) / seconds : 0;
    const left = Math.max(0, this.current.total - this.current.done);
    this.current.etaSeconds = this.current.rate > 0 ? left / this.current.rate : left === 0 ? 0 : null;
    this.maybeEmit();
  }

  /** Reports the current state now. */
  flush(): void {
    this.emit();
  }

  private maybeEmit(): void {
    if (this.now() - this.lastEmit >= this.throttleMs) this.emit();
  }

  private emit(): void {
    this.lastEmit = this.now();
    this.listener(this.snapshot);
  }
}
