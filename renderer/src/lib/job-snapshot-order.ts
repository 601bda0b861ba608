/**
 * Which of two snapshots of a job is the newer one. A job's events and the replies to calls about it travel on
 * different channels (events on the stream, replies on the request), so a short job's "done" event can overtake the
 * "running" reply to the call that started it. Keeping the newer snapshot, never the later-arriving one, is what stops
 * a finished job from showing as running forever.
 */
import type { JobSnapshotDto } from '../../../app/api/contract/jobs-contract.js';

const STOPPING: ReadonlySet<string> = new Set(['pausing', 'cancelling']);

export const isFinished = (snapshot: JobSnapshotDto): boolean => snapshot.finishedAt !== null;

/** True when `incoming` says something newer about the job than `known` (or about a newer job). */
export function isNewerSnapshot(incoming: JobSnapshotDto, known: JobSnapshotDto | null): boolean {
  if (!known || incoming.jobId !== known.jobId) return !known || incoming.jobId > known.jobId;
  if (isFinished(known)) return false;
  if (isFinished(incoming)) return true;
  // A job that was asked to stop does not go back to plain running.
  if (STOPPING.has(known.state) && incoming.state === 'running') return false;
  // The reply to the call that started the job says "starting": any other phase is further on.
  if (incoming.progress.phase === 'starting' && known.progress.phase !== 'starting') return false;
  return !(incoming.progress.phase === known.progress.phase && incoming.progress.done < known.progress.done);
}
