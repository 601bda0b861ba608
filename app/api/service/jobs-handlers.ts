/** Implements the jobs part of the contract. */
import type { HandlersFor } from '../contract/contract-kit.js';
import type { jobsMethods } from '../contract/jobs-contract.js';
import type { ServiceContext } from './service-context.js';

export function jobsHandlers(ctx: ServiceContext): HandlersFor<typeof jobsMethods> {
  return {
    'jobs.recent': ({ limit }) => ctx.library.jobs.recent(limit),
  };
}
