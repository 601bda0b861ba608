/** The jobs part of the contract: history, and the progress event every long job reports through. */
import { z } from 'zod';
import type { JobRecordDto, JobSnapshot } from './api-types.js';
import { event, method } from './contract-kit.js';

export const jobsMethods = {
  'jobs.recent': method<JobRecordDto[]>()({
    input: z.strictObject({ limit: z.int().min(1).max(200).default(20) }),
    summary: 'The most recent jobs, newest first.',
  }),
} as const;

export const jobsEvents = {
  'job.progress': event<JobSnapshot>('A long job progressed, changed state or finished (throttled).'),
} as const;
