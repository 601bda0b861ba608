/**
 * People groups that form while a long scan is still finding faces (a first scan of a big folder takes a while, and
 * people should see their groups grow, not only at the end). Between the scan's own batches it regroups at a bounded
 * rate: never sooner than `minIntervalMs` after the last one, and never sooner than `costRatio` times as long as the
 * last one took, so its share of the scan's main thread stays small however big the library grows.
 */
import type { Library } from '../db/library.js';
import type { GroupingSummary } from '../people/people-grouping.js';
import type { EmbedderEntry } from '../shared/model-manifest.js';
import { refreshPeople } from './refresh-people.js';

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

/**
 * The regroups of a scan about to find the faces of `embedder`'s pending photos — only when they are most of the
 * library's photos (a first scan, a big new folder): the full regroup the scan then ends with costs about what
 * grouping this scan's own faces would, and a small addition to a big library just waits for the scan's end.
 */
export function startRegroupsDuringScan(
  library: Library,
  embedder: EmbedderEntry,
  options: Pick<InterimRefreshOptions, 'onRefreshed' | 'minIntervalMs'> = {},
): InterimRefresh {
  const bulk = library.analyses.countPending(embedder.id) * 2 >= library.photos.count();
  if (!bulk) return { stop: async () => false };
  return startInterimRefresh({ ...options, refresh: () => refreshPeople(library, embedder) });
}
