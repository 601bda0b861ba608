import type { Repositories } from '../db/repositories.js';
import { ProgressTracker, type ProgressListener } from './progress-tracker.js';

/** What a job body receives: a cancellation signal and a progress tracker. */
export interface JobContext {
  signal: AbortSignal;
  progress: ProgressTracker;
  jobId: number;
}

/** Thrown (and recorded) when a job stops because its signal was aborted. */
export class JobCancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'JobCancelledError';
  }
}

export interface RunJobOptions {
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** How often progress is written to the jobs table, at most. */
  persistEveryMs?: number;
}

/**
 * Runs a long job and records it in the jobs table: 'running' while it works (a crash leaves it so, which is how
 * the next start knows to resume), then 'done', 'cancelled' or 'failed'. The body commits its own finished work,
 * so a cancelled or crashed job loses nothing done.
 */
export async function runJob<T>(
  store: Pick<Repositories, 'jobs'>,
  kind: string,
  params: unknown,
  body: (ctx: JobContext) => Promise<T>,
  options: RunJobOptions = {},
): Promise<{ jobId: number; result: T; cancelled: boolean }> {
  const { jobs } = store;
  const jobId = jobs.start(kind, params);
  const persistEveryMs = options.persistEveryMs ?? 1000;
  let lastPersist = 0;
  const progress = new ProgressTracker((p) => {
    options.onProgress?.(p);
    const now = Date.now();
    if (now - lastPersist >= persistEveryMs) {
      lastPersist = now;
      jobs.saveProgress(jobId, p, now);
    }
  });
  const signal = options.signal ?? new AbortController().signal;
  try {
    const result = await body({ signal, progress, jobId });
    progress.flush();
    jobs.saveProgress(jobId, progress.snapshot);
    const cancelled = signal.aborted;
    jobs.finish(jobId, cancelled ? 'cancelled' : 'done');
    return { jobId, result, cancelled };
  } catch (error) {
    const cancelled = signal.aborted || error instanceof JobCancelledError;
    jobs.finish(jobId, cancelled ? 'cancelled' : 'failed', cancelled ? null : String((error as Error)?.message ?? error));
    throw error;
  }
}
