/**
 * The jobs part of the contract: history, and the progress event every long job reports through (its snapshot is
 * what the parts that start jobs return). Browser-safe: zod only.
 */
import { z } from 'zod';
import { event, method } from './contract-kit.js';
import type { ScanSummaryDto } from './library-contract.js';

/** Structured progress of a long job. */
export interface JobProgressDto {
  phase: string;
  done: number;
  total: number;
  /** Items per second over the last few seconds. */
  rate: number;
  /** Seconds left at the current rate; null until a rate is known. */
  etaSeconds: number | null;
}

/** Where a job stands: running, on its way to stopping, or finished in one of four ways. */
export type JobRunStateDto = 'running' | 'pausing' | 'cancelling' | 'done' | 'paused' | 'cancelled' | 'failed';

/** The summary of any finished job; one member per job kind (analysis and training add theirs). */
export type JobSummaryDto = ScanSummaryDto;

/** A job as the UI follows it. */
export interface JobSnapshotDto {
  jobId: number;
  kind: string;
  state: JobRunStateDto;
  progress: JobProgressDto;
  startedAt: number;
  finishedAt: number | null;
  error: string | null;
  summary: JobSummaryDto | null;
}

/** A job that can be continued: paused by the user, or interrupted by a crash. */
export interface ResumableJobDto {
  kind: string;
  params: unknown;
  reason: 'paused' | 'interrupted';
}

export type JobRecordStateDto = 'queued' | 'running' | 'cancelled' | 'done' | 'failed';

/** A row of the job history. */
export interface JobRecordDto {
  id: number;
  kind: string;
  state: JobRecordStateDto;
  params: unknown;
  progress: JobProgressDto | null;
  error: string | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export const jobsMethods = {
  'jobs.recent': method<JobRecordDto[]>()({
    input: z.strictObject({ limit: z.int().min(1).max(200).default(20) }),
    summary: 'The most recent jobs, newest first.',
  }),
} as const;

export const jobsEvents = {
  'job.progress': event<JobSnapshotDto>('A long job progressed, changed state or finished (throttled).'),
} as const;
