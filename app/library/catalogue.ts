import { availableParallelism } from 'node:os';
import type { PendingFile, ReconcileCounts } from '../db/file-repository.js';
import type { ProgressTracker } from '../jobs/progress-tracker.js';
import { asFolderPrefix, walkFolder } from './folder-walker.js';
import type { Library } from '../db/library.js';
import type { PhotoFacts } from '../db/photo-repository.js';
import { DEFAULT_READ_LIMITS, readPhotoFile, type ReadLimits, type ReadOutcome } from './photo-reader.js';
import { StageTimings } from '../shared/stage-timings.js';

export interface ScanOptions {
  /** Folders to scan; all of the library's folders when absent. */
  folderIds?: number[];
  signal?: AbortSignal;
  progress?: ProgressTracker;
  /** Files read at once (decoding runs on libvips' own threads; a few in flight keep the disk and cores busy). */
  concurrency?: number;
  limits?: ReadLimits;
  /** Receives the milliseconds spent reading files ('catalogue', thumbnails included), on 'thumbnails', and in the database. */
  timings?: StageTimings;
}

/** What one scan did. */
export interface ScanSummary {
  listed: ReconcileCounts;
  read: number;
  failed: number;
  unsupported: number;
  vanishedWhileReading: number;
  unreadableFolders: { path: string; reason: string }[];
  cancelled: boolean;
}

/**
 * Scans library folders: lists them (new and changed files become pending, vanished ones missing), then reads
 * every pending file. Finished files are committed in small transactions as they complete, so a cancel or a crash
 * loses nothing finished, and the next scan resumes with what is still pending.
 */
export async function scanLibrary(library: Library, options: ScanOptions = {}): Promise<ScanSummary> {
  const folderIds = options.folderIds ?? library.folders.list().map((f) => f.id);
  const listing = await listFolders(library, folderIds, options);
  const reading = await readPendingFiles(library, folderIds, options);
  if (!options.signal?.aborted) for (const id of folderIds) library.folders.markScanned(id);
  return { ...listing, ...reading, cancelled: options.signal?.aborted ?? false };
}

/** Phase 1: walk each folder and reconcile the catalogue with what is on disk. */
export async function listFolders(
  library: Library,
  folderIds: number[],
  options: Pick<ScanOptions, 'signal' | 'progress'> = {},
): Promise<Pick<ScanSummary, 'listed' | 'unreadableFolders'>> {
  const listed: ReconcileCounts = { added: 0, changed: 0, unchanged: 0, restored: 0, vanished: 0 };
  const unreadableFolders: { path: string; reason: string }[] = [];
  options.progress?.phase('listing', folderIds.length);
  for (const id of folderIds) {
    if (options.signal?.aborted) break;
    const folder = library.folders.get(id);
    if (!folder) continue;
    let walk;
    try {
      walk = await walkFolder(folder.path, options.signal);
    } catch (error) {
      if (options.signal?.aborted) break;
      throw error;
    }
    unreadableFolders.push(...walk.unreadable);
    const counts = library.files.reconcile(id, walk.files, walk.unreadable.map((u) => asFolderPrefix(u.path)), walk.badNames);
    for (const key of Object.keys(listed) as (keyof ReconcileCounts)[]) listed[key] += counts[key];
    options.progress?.advance();
  }
  return { listed, unreadableFolders };
}

type ReadTotals = Pick<ScanSummary, 'read' | 'failed' | 'unsupported' | 'vanishedWhileReading'>;

/** Phase 2: read every pending file of the given folders. */
export async function readPendingFiles(
  library: Library,
  folderIds: number[],
  options: Omit<ScanOptions, 'folderIds'> = {},
): Promise<ReadTotals> {
  const { signal, progress } = options;
  const concurrency = Math.max(1, options.concurrency ?? Math.max(2, availableParallelism()));
  const limits = options.limits ?? DEFAULT_READ_LIMITS;
  const totals: ReadTotals = { read: 0, failed: 0, unsupported: 0, vanishedWhileReading: 0 };
  progress?.phase('reading', library.files.countPending(folderIds));

  const timings = options.timings ?? new StageTimings();
  const committer = new OutcomeCommitter(library, totals, timings);
  let lastId = 0;
  let queue: PendingFile[] = [];
  const next = (): PendingFile | undefined => {
    if (signal?.aborted) return undefined;
    if (queue.length === 0) {
      queue = library.files.pending(folderIds, lastId, 256);
      if (queue.length > 0) lastId = queue.at(-1)!.id;
    }
    return queue.shift();
  };
  const worker = async (): Promise<void> => {
    for (let file = next(); file; file = next()) {
      const outcome = await timings.time('catalogue', () => readPhotoFile(file.path, library.thumbnailsDir, limits, timings));
      committer.add(file, outcome);
      progress?.advance();
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    committer.flush();
  }
  return totals;
}

/**
 * The photo a file just read shows. Its content (pixel identity, then file hash) finds a known photo: a copy, a
 * moved file, or the same photo after a metadata-only edit, faces and names untouched. Otherwise, when the file was
 * the only readable copy of the photo it showed before, it was edited in place (a crop, a rotation, a retouch, or a
 * metadata edit of a photo catalogued before pixel identities): the photo keeps its id — and so its names — takes the
 * new content, and its faces are marked stale, to be detected again with their names carried over. Otherwise (other
 * copies still show the old image) the file is a new photo.
 */
function placePhoto(library: Library, file: PendingFile, facts: PhotoFacts): number {
  const { photos, files } = library;
  if (photos.find(facts) || file.photoId === null || files.hasOtherReadable(file.photoId, file.id) || !photos.get(file.photoId)) {
    return photos.upsert(facts);
  }
  photos.rekey(file.photoId, facts);
  library.analyses.forget(file.photoId);
  return file.photoId;
}

/** Buffers read outcomes and writes them in one transaction per batch (fewer fsyncs, same safety). */
class OutcomeCommitter {
  private buffer: { file: PendingFile; outcome: ReadOutcome }[] = [];
  private lastFlush = Date.now();

  constructor(
    private readonly library: Library,
    private readonly totals: ReadTotals,
    private readonly timings: StageTimings,
    private readonly maxBatch = 32,
    private readonly maxDelayMs = 500,
  ) {}

  add(file: PendingFile, outcome: ReadOutcome): void {
    this.buffer.push({ file, outcome });
    if (this.buffer.length >= this.maxBatch || Date.now() - this.lastFlush >= this.maxDelayMs) this.flush();
  }

  flush(): void {
    const batch = this.buffer;
    this.buffer = [];
    this.lastFlush = Date.now();
    if (batch.length === 0) return;
    this.timings.timeSync('database', () => this.write(batch));
  }

  private write(batch: { file: PendingFile; outcome: ReadOutcome }[]): void {
    const { files } = this.library;
    this.library.transaction(() => {
      for (const { file, outcome } of batch) {
        switch (outcome.kind) {
          case 'ok': {
            const photoId = placePhoto(this.library, file, outcome.facts);
            files.markRead(file.id, photoId, outcome.size, outcome.mtimeMs);
            files.forgetMovedCopies(photoId);
            this.totals.read++;
            break;
          }
          case 'missing':
            files.markFailed(file.id, 'missing', outcome.reason);
            this.totals.vanishedWhileReading++;
            break;
          case 'unsupported':
            files.markFailed(file.id, 'unsupported', outcome.reason);
            this.totals.unsupported++;
            break;
          case 'error':
            files.markFailed(file.id, 'error', outcome.reason);
            this.totals.failed++;
            break;
        }
      }
    });
  }
}
