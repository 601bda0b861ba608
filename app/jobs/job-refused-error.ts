/**
 * A job request the job manager refuses: another job is running ('busy'), or there is nothing to resume
 * ('conflict'). The app's service answers it with the same code.
 */
export class JobRefusedError extends Error {
  override name = 'JobRefusedError';
  constructor(
    readonly code: 'busy' | 'conflict',
    message: string,
  ) {
    super(message);
  }
}
