/**
 * Long work seen from outside the window: the running job's progress on the taskbar or dock icon
 * (BrowserWindow.setProgressBar), and a system notification when a long job ends while the window is in the
 * background (unless the user turned that off in Settings: notifyWhenJobsEnd). Fed the core's events.
 */
import type { ApiResult } from '../app/api/contract/api-error.js';
import type { KindredEvent } from '../app/api/contract/contract.js';
import type { JobSnapshotDto } from '../app/api/contract/jobs-contract.js';

/** What the reporter needs of a BrowserWindow. */
export interface ProgressWindowLike {
  setProgressBar(progress: number, options?: { mode: 'normal' | 'indeterminate' | 'paused' | 'error' | 'none' }): void;
  isFocused(): boolean;
  isDestroyed(): boolean;
}

export interface JobProgressReporterOptions {
  window(): ProgressWindowLike | null;
  /** Shows a system notification (Electron's Notification, when supported). */
  notify(title: string, body: string): void;
  /** The user's notifyWhenJobsEnd setting, read when a job ends. */
  notificationsWanted(): Promise<boolean>;
  /** A job that ran at least this long is worth a notification (default 30 s: a short one ends before anyone looks away). */
  longJobMs?: number;
}

const LONG_JOB_MS = 30_000;
const FINISHED = new Set(['done', 'paused', 'cancelled', 'failed']);

/** Returns the event listener to give the core client. */
export function createJobProgressReporter(options: JobProgressReporterOptions): (event: KindredEvent) => void {
  const longJobMs = options.longJobMs ?? LONG_JOB_MS;
  const notified = new Set<number>();
  return (event) => {
    if (event.name !== 'job.progress') return;
    const job = event.payload;
    const window = options.window();
    if (!window || window.isDestroyed()) return;
    if (!FINISHED.has(job.state)) {
      const { done, total } = job.progress;
      if (total > 0) window.setProgressBar(Math.min(1, done / total), { mode: job.state === 'running' ? 'normal' : 'paused' });
      else window.setProgressBar(2, { mode: 'indeterminate' }); // counting, total not known yet
      return;
    }
    window.setProgressBar(-1, { mode: 'none' });
    if (notified.has(job.jobId) || job.finishedAt === null || job.finishedAt - job.startedAt < longJobMs || window.isFocused()) return;
    notified.add(job.jobId);
    void options
      .notificationsWanted()
      .catch(() => true)
      .then((wanted) => {
        if (wanted) options.notify(...jobEndMessage(job));
      });
  };
}

/** The notification's title and body for a job that ended. */
export function jobEndMessage(job: JobSnapshotDto): [string, string] {
  const what = job.kind === 'scan' ? 'Scan' : job.kind === 'train' ? 'Training' : 'Kindred’s job';
  switch (job.state) {
    case 'failed':
      return [`${what} failed`, job.error ?? 'Open Kindred to see why.'];
    case 'cancelled':
      return [`${what} cancelled`, 'What was finished is kept.'];
    case 'paused':
      return [`${what} paused`, 'Resume it from Kindred when you are ready.'];
    default: {
      const s = job.summary;
      if (s?.kind === 'scan') {
        const groups = s.people ? `, ${s.people.newGroups} new people groups` : '';
        const faces = s.faces ? `, ${s.faces.faces} faces found` : '';
        return [`${what} finished`, `${s.read} photos read${faces}${groups}.`];
      }
      return [`${what} finished`, 'Open Kindred to see the results.'];
    }
  }
}

/** The user's notifyWhenJobsEnd setting, asked of the core; on when the core cannot say (the default). */
export async function notifyWhenJobsEndSetting(invoke: (method: string, input: unknown) => Promise<ApiResult<unknown>>): Promise<boolean> {
  const reply = await invoke('settings.get', {});
  return !reply.ok || (reply.value as { notifyWhenJobsEnd?: unknown }).notifyWhenJobsEnd !== false;
}
