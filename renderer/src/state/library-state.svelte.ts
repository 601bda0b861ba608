/**
 * The library as the Library view shows it: folders, counts, the running scan (from job events) and the per-file
 * problems. One shared instance; components call its methods and read its fields.
 */
import { ApiError } from '../../../app/api/api-error.js';
import type { FileProblemDto, FolderDto, JobSnapshot, LibraryStatus } from '../../../app/api/api-types.js';
import type { KindredClient } from '../../../app/api/kindred-client.js';

const ACTIVE_STATES: ReadonlySet<string> = new Set(['running', 'pausing', 'cancelling']);
const PROBLEMS_PAGE = 100;

export class LibraryState {
  folders = $state<FolderDto[]>([]);
  status = $state<LibraryStatus | null>(null);
  /** The running scan, live from job events. */
  job = $state<JobSnapshot | null>(null);
  /** The last scan that stopped. */
  lastJob = $state<JobSnapshot | null>(null);
  problems = $state<FileProblemDto[]>([]);
  problemsTotal = $state(0);
  /** The last failed action, as a sentence. */
  error = $state<string | null>(null);
  loaded = $state(false);

  readonly scanning = $derived(this.job !== null && ACTIVE_STATES.has(this.job.state));
  readonly resumable = $derived(!this.scanning && this.status?.resumable != null);

  constructor(private readonly client: KindredClient) {}

  /** Loads everything and follows the core's events; returns the function that stops following. */
  connect(): () => void {
    const offs = [
      this.client.on('job.progress', (snapshot) => this.onJob(snapshot)),
      this.client.on('library.changed', (change) => {
        if (change.changes.includes('folders')) void this.loadFolders();
        void this.loadStatus();
      }),
    ];
    void this.refresh();
    return () => offs.forEach((off) => off());
  }

  async refresh(): Promise<void> {
    await Promise.all([this.loadFolders(), this.loadStatus(), this.loadProblems()]);
    this.loaded = true;
  }

  async addFolder(path: string): Promise<boolean> {
    return this.attempt(async () => {
      const result = await this.client.invoke('library.folders.add', { path });
      if (result.status === 'covered') this.error = `Already in the library, inside ${result.folder.path}`;
      await this.refresh();
    });
  }

  async removeFolder(folderId: number): Promise<boolean> {
    return this.attempt(async () => {
      await this.client.invoke('library.folders.remove', { folderId });
      await this.refresh();
    });
  }

  scan = (): Promise<boolean> => this.attempt(async () => this.onJob(await this.client.invoke('library.scan.start')));
  pause = (): Promise<boolean> => this.attempt(async () => this.onJobOrNull(await this.client.invoke('library.scan.pause')));
  resume = (): Promise<boolean> => this.attempt(async () => this.onJob(await this.client.invoke('library.scan.resume')));
  cancel = (): Promise<boolean> => this.attempt(async () => this.onJobOrNull(await this.client.invoke('library.scan.cancel')));

  async loadMoreProblems(): Promise<void> {
    const page = await this.client.invoke('library.problems', { offset: this.problems.length, limit: PROBLEMS_PAGE });
    this.problems = [...this.problems, ...page.items];
    this.problemsTotal = page.total;
  }

  private onJob(snapshot: JobSnapshot): void {
    if (snapshot.kind !== 'scan') return;
    if (ACTIVE_STATES.has(snapshot.state)) {
      // Events can arrive out of order with a call's reply: never let an older snapshot of this job win.
      if (this.job?.jobId === snapshot.jobId && snapshot.progress.done < this.job.progress.done && snapshot.progress.phase === this.job.progress.phase) return;
      this.job = snapshot;
    } else {
      this.job = null;
      this.lastJob = snapshot;
      void this.refresh();
    }
  }

  private onJobOrNull(snapshot: JobSnapshot | null): void {
    if (snapshot) this.onJob(snapshot);
    else void this.refresh();
  }

  private async loadFolders(): Promise<void> {
    this.folders = await this.client.invoke('library.folders.list');
  }

  private async loadStatus(): Promise<void> {
    const status = await this.client.invoke('library.status');
    this.status = status;
    if (status.job && (!this.job || this.job.jobId !== status.job.jobId)) this.job = status.job;
    if (!status.job && this.job && !ACTIVE_STATES.has(this.job.state)) this.job = null;
    if (status.lastJob && (!this.lastJob || status.lastJob.jobId >= this.lastJob.jobId)) this.lastJob = status.lastJob;
  }

  private async loadProblems(): Promise<void> {
    const page = await this.client.invoke('library.problems', { offset: 0, limit: Math.max(PROBLEMS_PAGE, this.problems.length) });
    this.problems = page.items;
    this.problemsTotal = page.total;
  }

  private async attempt(action: () => Promise<void>): Promise<boolean> {
    this.error = null;
    try {
      await action();
      return true;
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : String(error);
      return false;
    }
  }
}
