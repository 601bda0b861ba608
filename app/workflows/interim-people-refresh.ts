/**
 * People groups that form while a long scan is still finding faces (a first scan of a big folder takes a while, and
 * people should see their groups grow, not only at the end). Between the scan's own batches it regroups at a bounded
 * rate: never sooner than `minIntervalMs` after the last one, and never sooner than `costRatio` times as long as the
 * last one took, so its share of the scan's main thread stays small however big the library grows.
 */
import type { GroupingSummary } from '../people/people-grouping.js';

export interface InterimRefreshOptions {
  /** Regroups what has been stored so far. */
  refresh(): Promise<GroupingSummary>;
  /** Told after each interim regroup (the service tells clients that people changed). */
  onRefreshed?(summary: GroupingSummary): void;
  minIntervalMs?: number;
  costRatio?: number;
  now?: () => number;
}

export interface InterimRefresh {
  /** Stops scheduling and waits for a regroup in flight; says whether any ran (the final one should then be full). */
  stop(): Promise<boolean>;
}

const MIN_INTERVAL_MS = 15_000;
const COST_RATIO = 10;

/** When the next interim regroup may run, after one that ended at `endedAt` and took `tookMs`. */
export function nextInterimAt(endedAt: number, tookMs: number, minIntervalMs = MIN_INTERVAL_MS, costRatio = COST_RATIO): number {
  return endedAt + Math.max(minIntervalMs, tookMs * costRatio);
}

/** Starts regrouping at a bounded rate until `stop()`; a failed interim regroup stops the interim ones (the final one reports). */
export function startInterimRefresh(options: InterimRefreshOptions): InterimRefresh {
  const now = options.now ?? Date.now;
  const minIntervalMs = options.minIntervalMs ?? MIN_INTERVAL_MS;
  let stopped = false;
  let ran = false;
  let inFlight: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (at: number): void => {
    if (stopped) return;
    timer = setTimeout(run, Math.max(0, at - now()));
    timer.unref?.();
  };
  const run = (): void => {
    if (stopped) return;
    const started = now();
    inFlight = options
      .refresh()
      .then((summary) => {
        ran = true;
        options.onRefreshed?.(summary);
        const ended = now();
        schedule(nextInterimAt(ended, ended - started, minIntervalMs, options.costRatio ?? COST_RATIO));
      })
      .catch(() => {
        stopped = true;
      })
      .finally(() => (inFlight = null));
  };
  schedule(now() + minIntervalMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
      return ran;
    },
  };
}
