/**
 * The library as the Library view shows it: folders, counts, the running scan (from job events) and the per-file
 * problems. One shared instance; components call its methods and read its fields.
 */
import { ApiError } from '../../../app/api/contract/api-error.js';
import type { JobSnapshotDto } from '../../../app/api/contract/jobs-contract.js';
import type { ApiClient } from '../../../app/api/contract/api-client.js';
import type { DesktopContract } from '../../../app/api/contract/desktop-contract.js';
import type { AddFolderResultDto, FileProblemDto, FolderDto, LibraryStatusDto } from '../../../app/api/contract/library-contract.js';
import type { KindredClient } from '../../../app/api/contract/kindred-client.js';
import { isFinished, isNewerSnapshot } from '../lib/job-snapshot-order.js';

const PROBLEMS_PAGE = 100;

export class LibraryState {
  folders = $state<FolderDto[]>([]);
  status = $state<LibraryStatusDto | null>(null);
  /** The running (or stopping) scan, live from job events; null once it has finished. */
  job = $state<JobSnapshotDto | null>(null);
  /** The last scan that stopped. */
  lastJob = $state<JobSnapshotDto | null>(null);
  problems = $state<FileProblemDto[]>([]);
  problemsTotal = $state(0);
  /** The last failed action, as a sentence. */
  error = $state<string | null>(null);
  loaded = $state(false);
  /** A folder was added while a scan ran: scan again when that one is done. */
  private scanWhenDone = false;

  readonly scanning = $derived(this.job !== null);
  readonly resumable = $derived(!this.scanning && this.status?.resumable != null);

  /** `desktop`: the desktop shell's part of the contract, inside Electron only (the system's folder picker). */
  constructor(
    private readonly client: KindredClient,
    private readonly desktop: ApiClient<DesktopContract> | null = null,
  ) {}

  /** Whether "Add a folder" opens the system's picker (desktop app) rather than Kindred's folder browser. */
  get hasSystemPicker(): boolean {
    return this.desktop !== null;
  }

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

  /** Adds folders and starts scanning: from a folder chosen or dropped, one step reaches people groups. */
  async addFoldersAndScan(paths: readonly string[]): Promise<boolean> {
    return this.attempt(async () => {
      const results = [];
      for (const path of paths) results.push(await this.client.invoke('library.folders.add', { path }));
      await this.scanAfterAdding(results);
    });
  }

  /** Opens the system's folder picker (desktop app), adds the chosen folder and starts scanning. */
  async pickFolder(): Promise<boolean> {
    const desktop = this.desktop;
    if (!desktop) return false;
    return this.attempt(async () => {
      const result = await desktop.invoke('desktop.folders.pick');
      if (result.status !== 'cancelled') await this.scanAfterAdding([result]);
    });
  }

  private async scanAfterAdding(results: readonly AddFolderResultDto[]): Promise<void> {
    const covered = results.find((r) => r.status === 'covered');
    if (covered) this.error = `Already in the library, inside ${covered.folder.path}`;
    await this.refresh();
    if (!results.some((r) => r.status !== 'covered')) return;
    // A running scan keeps the folders it started with: the new one is scanned when it is done.
    if (this.scanning) this.scanWhenDone = true;
    else this.onJob(await this.client.invoke('library.scan.start'));
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

  private onJob(snapshot: JobSnapshotDto): void {
    if (!this.apply(snapshot) || !isFinished(snapshot)) return;
    void this.refresh();
    if (this.scanWhenDone && snapshot.state === 'done') {
      this.scanWhenDone = false;
      void this.scan();
    }
  }

  /** Takes a scan snapshot from an event, a reply or the status, if it is newer than what is shown; says whether it was. */
  private apply(snapshot: JobSnapshotDto): boolean {
    if (snapshot.kind !== 'scan' || !isNewerSnapshot(snapshot, this.job ?? this.lastJob)) return false;
    if (isFinished(snapshot)) {
      this.job = null;
      this.lastJob = snapshot;
    } else {
      this.job = snapshot;
    }
    return true;
  }

  private onJobOrNull(snapshot: JobSnapshotDto | null): void {
    if (snapshot) this.onJob(snapshot);
    else void this.refresh();
  }

  private async loadFolders(): Promise<void> {
    this.folders = await this.client.invoke('library.folders.list');
  }

  private async loadStatus(): Promise<void> {
    const status = await this.client.invoke('library.status');
    this.status = status;
    for (const snapshot of [status.lastJob, status.job]) if (snapshot) this.apply(snapshot);
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
