/** Structured progress of a long job, as every consumer (CLI, UI, job table) sees it. */
export interface JobProgress {
  phase: string;
  done: number;
  total: number;
  /** Items per second over the last few seconds. */
  rate: number;
  /** Seconds left at the current rate; null until a rate is known. */
  etaSeconds: number | null;
}
