/**
 * Runs the core's long jobs one at a time, with pause, resume and cancel, and reports each one as a JobSnapshotDto.
 * Pause is a cancel that remembers the job so that resume starts it again: the job bodies commit finished work as
 * they go and skip it when restarted, so a resumed job continues where it stopped. The paused job is stored in the
 * settings table, so it survives a restart of the app.
 */
import type { JobRepository } from '../db/job-repository.js';
import type { Repositories } from '../db/repositories.js';
import type { JobProgress } from './progress-tracker.js';
import { runJob, type JobContext } from './run-job.js';
import { JobRefusedError } from './job-refused-error.js';
import type { JobSnapshotDto, JobSummaryDto, ResumableJobDto } from '../api/contract/jobs-contract.js';
import type { LibraryChangeDto } from '../api/contract/library-contract.js';

/** A job the manager can run: its kind and parameters (recorded in the jobs table) and its body. */
export interface JobSpec {
  kind: string;
  params: unknown;
  run(ctx: JobContext): Promise<JobSummaryDto | null>;
  /** What the job changes as it goes: reported while it runs (throttled) and once when it stops. */
  changes?: LibraryChangeDto[];
}

export interface JobManagerOptions {
  /** Where jobs are recorded (`jobs`) and the paused one is kept (`settings`): the library. */
  library: Pick<Repositories, 'jobs' | 'settings'>;
  /** Rebuilds a job from its kind and parameters (to resume it); null for kinds that cannot resume. */
  specFor(kind: string, params: unknown): JobSpec | null;
  onSnapshot(snapshot: JobSnapshotDto): void;
  onChanges?(changes: LibraryChangeDto[]): void;
  changesEveryMs?: number;
}

interface Running {
  spec: JobSpec;
  controller: AbortController;
  snapshot: JobSnapshotDto;
  stopIntent: 'pause' | 'cancel' | null;
  settled: Promise<void>;
}

interface StoredResumable {
  kind: string;
  params: unknown;
  reason: 'paused' | 'interrupted';
  interruptedJobIds?: number[];
}

const RESUMABLE_KEY = 'jobs.resumable';

export class JobManager {
  private running: Running | null = null;
  private lastFinished: JobSnapshotDto | null = null;
  private resumableJob: StoredResumable | null;
  private readonly repository: JobRepository;
  private lastChangesAt = 0;

  constructor(private readonly options: JobManagerOptions) {
    this.repository = options.library.jobs;
    this.resumableJob = this.loadResumable();
  }

  /** The running job, if any. */
  current(): JobSnapshotDto | null {
    return this.running ? { ...this.running.snapshot } : null;
  }

  /** The last job that stopped since this manager was created. */
  last(): JobSnapshotDto | null {
    return this.lastFinished && { ...this.lastFinished };
  }

  resumable(): ResumableJobDto | null {
    const r = this.resumableJob;
    return r && { kind: r.kind, params: r.params, reason: r.reason };
  }

  /**
   * Starts a job. While the same job runs, returns it (a second click is not a second scan); while another runs,
   * fails with 'busy'. Starting forgets any paused job: the new one picks up its unfinished work anyway.
   */
  start(spec: JobSpec): JobSnapshotDto {
    if (this.running) {
      const same = this.running.spec.kind === spec.kind && JSON.stringify(this.running.spec.params) === JSON.stringify(spec.params);
      if (same && this.running.stopIntent === null) return this.current()!;
      throw new JobRefusedError('busy', `A ${this.running.spec.kind} job is ${this.running.stopIntent ? 'stopping' : 'running'}; wait for it or cancel it first`);
    }
    this.setResumable(null);
    const controller = new AbortController();
    const startedAt = Date.now();
    const running: Running = {
      spec,
      controller,
      stopIntent: null,
      settled: Promise.resolve(),
      snapshot: {
        jobId: 0,
        kind: spec.kind,
        state: 'running',
        progress: { phase: 'starting', done: 0, total: 0, rate: 0, etaSeconds: null },
        startedAt,
        finishedAt: null,
        error: null,
        summary: null,
      },
    };
    this.running = running;
    // runJob records the job and calls the body before its first await, so the id is known when it returns.
    const promise = runJob(
      this.options.library,
      spec.kind,
      spec.params,
      (ctx) => {
        running.snapshot.jobId = ctx.jobId;
        return spec.run(ctx);
      },
      { signal: controller.signal, onProgress: (p) => this.progressed(running, p) },
    );
    running.settled = promise.then(
      ({ result, cancelled }) => this.finish(running, cancelled ? null : 'done', null, result),
      (error: unknown) => this.finish(running, controller.signal.aborted ? null : 'failed', String((error as Error)?.message ?? error), null),
    );
    this.options.onSnapshot(this.current()!);
    return this.current()!;
  }

  /** Stops the running job so that resume() continues it. */
  pause(): JobSnapshotDto | null {
    return this.stop('pause');
  }

  /** Stops the running job and forgets any paused one. */
  cancel(): JobSnapshotDto | null {
    this.setResumable(null);
    return this.stop('cancel');
  }

  /** Continues the paused or interrupted job; while one runs, returns it. */
  resume(): JobSnapshotDto {
    if (this.running && this.running.stopIntent === null) return this.current()!;
    const stored = this.resumableJob;
    if (!stored) throw new JobRefusedError('conflict', 'There is no paused or interrupted job to resume');
    const spec = this.options.specFor(stored.kind, stored.params);
    if (!spec) throw new JobRefusedError('conflict', `A ${stored.kind} job cannot be resumed`);
    const snapshot = this.start(spec);
    for (const id of stored.interruptedJobIds ?? []) {
      this.repository.finish(id, 'cancelled', `interrupted; resumed as job ${snapshot.jobId}`);
    }
    return snapshot;
  }

  /** Resolves when no job is running. */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running.settled;
  }

  /**
   * Stops the running job as a pause (so the next start of the app offers to resume it) and waits up to `graceMs`
   * for it to commit what it finished.
   */
  async shutdown(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.stop('pause');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.whenIdle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  }

  private stop(intent: 'pause' | 'cancel'): JobSnapshotDto | null {
    const running = this.running;
    if (!running) return null;
    // A cancel overrides a pause on its way; a pause does not soften a cancel.
    if (running.stopIntent !== 'cancel') running.stopIntent = intent;
    running.snapshot.state = running.stopIntent === 'pause' ? 'pausing' : 'cancelling';
    running.controller.abort();
    this.options.onSnapshot(this.current()!);
    return this.current();
  }

  private progressed(running: Running, progress: JobProgress): void {
    running.snapshot.progress = { ...progress };
    this.options.onSnapshot({ ...running.snapshot });
    const changes = running.spec.changes;
    if (changes && this.options.onChanges && Date.now() - this.lastChangesAt >= (this.options.changesEveryMs ?? 1000)) {
      this.lastChangesAt = Date.now();
      this.options.onChanges(changes);
    }
  }

  private finish(running: Running, outcome: 'done' | 'failed' | null, error: string | null, summary: JobSummaryDto | null): void {
    const stopped = outcome === null;
    const state = stopped ? (running.stopIntent === 'pause' ? 'paused' : 'cancelled') : outcome;
    running.snapshot = { ...running.snapshot, state, error, summary, finishedAt: Date.now() };
    this.running = null;
    this.lastFinished = running.snapshot;
    if (state === 'paused') this.setResumable({ kind: running.spec.kind, params: running.spec.params, reason: 'paused' });
    if (running.spec.changes) this.options.onChanges?.(running.spec.changes);
    this.options.onSnapshot({ ...running.snapshot });
  }

  private setResumable(value: StoredResumable | null): void {
    this.resumableJob = value;
    if (value) this.options.library.settings.put(RESUMABLE_KEY, JSON.stringify(value));
    else this.options.library.settings.delete(RESUMABLE_KEY);
  }

  /** A job paused before the last shutdown, else jobs a crash left 'running' (of kinds that can resume). */
  private loadResumable(): StoredResumable | null {
    const value = this.options.library.settings.get(RESUMABLE_KEY);
    if (value !== undefined) {
      try {
        const stored = JSON.parse(value) as StoredResumable;
        if (typeof stored.kind === 'string' && this.options.specFor(stored.kind, stored.params)) return stored;
      } catch {
        // A damaged entry is only a lost "resume" offer: the unfinished work is still pending and a new scan finds it.
      }
    }
    const interrupted = this.repository.interrupted().filter((j) => this.options.specFor(j.kind, j.params));
    const latest = interrupted.at(-1);
    if (!latest) return null;
    return {
      kind: latest.kind,
      params: latest.params,
      reason: 'interrupted',
      interruptedJobIds: interrupted.filter((j) => j.kind === latest.kind).map((j) => j.id),
    };
  }
}
