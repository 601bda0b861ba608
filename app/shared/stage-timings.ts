/**
 * Where a scan's time goes: milliseconds of work per named stage (decode, detection, embedding, database...), summed
 * over every photo and worker. Cheap enough to leave on (a clock read per stage per photo); the bench prints it so the
 * next speed-up is chosen from numbers.
 */
export type StageTotals = Record<string, number>;

export class StageTimings {
  private readonly totals: StageTotals = {};

  /** Adds `ms` to `stage`. */
  add(stage: string, ms: number): void {
    this.totals[stage] = (this.totals[stage] ?? 0) + ms;
  }

  /** Adds every stage of `other` (a worker's per-photo timings, say). */
  addAll(other: Readonly<StageTotals>): void {
    for (const [stage, ms] of Object.entries(other)) this.add(stage, ms);
  }

  /** Runs `fn` and charges its duration to `stage`. */
  async time<T>(stage: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.add(stage, performance.now() - started);
    }
  }

  /** Same as `time` for synchronous work. */
  timeSync<T>(stage: string, fn: () => T): T {
    const started = performance.now();
    try {
      return fn();
    } finally {
      this.add(stage, performance.now() - started);
    }
  }

  snapshot(): StageTotals {
    return { ...this.totals };
  }
}
