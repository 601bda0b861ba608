import { watch, type FSWatcher } from 'chokidar';
import { isSkippedFolderName } from './folder-walker.js';
import { isPhotoPath } from './supported-formats.js';
import { basename } from 'node:path';

/** Watches library folders and calls `onChange(folderPath)` once a burst of changes in that folder has settled. */
export class FolderWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly onChange: (folderPath: string) => void,
    private readonly debounceMs = 2000,
  ) {}

  /** Starts watching `folderPath` (idempotent); resolves once the initial listing is done. */
  async add(folderPath: string): Promise<void> {
    if (this.watchers.has(folderPath)) return;
    const watcher = watch(folderPath, {
      ignoreInitial: true,
      followSymlinks: true,
      // Wait for copies to finish: a half-written photo would be recorded as corrupt.
      awaitWriteFinish: { stabilityThreshold: 1000, pollInterval: 200 },
      ignored: (path, stats) => isSkippedFolderName(basename(path)) || (stats?.isFile() === true && !isPhotoPath(path)),
    });
    const changed = (): void => this.schedule(folderPath);
    watcher.on('add', changed).on('change', changed).on('unlink', changed).on('unlinkDir', changed);
    this.watchers.set(folderPath, watcher);
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  }

  async remove(folderPath: string): Promise<void> {
    clearTimeout(this.timers.get(folderPath));
    this.timers.delete(folderPath);
    await this.watchers.get(folderPath)?.close();
    this.watchers.delete(folderPath);
  }

  async close(): Promise<void> {
    await Promise.all([...this.watchers.keys()].map((path) => this.remove(path)));
  }

  private schedule(folderPath: string): void {
    clearTimeout(this.timers.get(folderPath));
    this.timers.set(
      folderPath,
      setTimeout(() => {
        this.timers.delete(folderPath);
        this.onChange(folderPath);
      }, this.debounceMs),
    );
  }
}
