import type { Database } from 'better-sqlite3';

export type FileStatus = 'pending' | 'ok' | 'error' | 'unsupported' | 'missing';

/** A file as the walker saw it on disk. */
export interface ListedFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/** A file row awaiting (re-)reading. */
export interface PendingFile extends ListedFile {
  id: number;
  folderId: number;
  /** The photo the file showed when last read (null when never read): an edited file may still be that photo. */
  photoId: number | null;
}

/** A file that could not be catalogued, with the reason a person can read. */
export interface FileProblem {
  id: number;
  path: string;
  status: 'error' | 'unsupported';
  error: string;
}

/** How a listing changed the catalogue. */
export interface ReconcileCounts {
  added: number;
  changed: number;
  unchanged: number;
  restored: number;
  vanished: number;
}

interface StoredFile {
  id: number;
  path: string;
  size: number;
  mtime_ms: number;
  status: FileStatus;
  photo_id: number | null;
}

/** Files table: the per-file state machine of scanning. */
export class FileRepository {
  constructor(private readonly db: Database) {}

  /**
   * Makes the catalogue of one folder agree with a fresh listing, in one transaction. New and changed files become
   * 'pending' (that is where a crashed scan resumes); unchanged ones are left alone (incremental rescan); files
   * gone from disk become 'missing' — their photo and its faces stay, so nothing the user named is lost — except
   * under `unlistedPrefixes` (folders that could not be read this time, which proves nothing about their files).
   * `unreachable` entries (a name that is not valid UTF-8, say) are recorded as 'error' rows under their escaped
   * path with the reason, so they show among the problems until the file is renamed.
   */
  reconcile(
    folderId: number,
    listed: ListedFile[],
    unlistedPrefixes: string[] = [],
    unreachable: { path: string; reason: string }[] = [],
  ): ReconcileCounts {
    const counts: ReconcileCounts = { added: 0, changed: 0, unchanged: 0, restored: 0, vanished: 0 };
    const stored = new Map(
      (this.db.prepare('SELECT id, path, size, mtime_ms, status, photo_id FROM files WHERE folder_id = ?').all(folderId) as StoredFile[]).map(
        (f) => [f.path, f],
      ),
    );
    const insert = this.db.prepare(
      `INSERT INTO files (folder_id, path, size, mtime_ms, status) VALUES (?, ?, ?, ?, 'pending')
       ON CONFLICT (path) DO UPDATE SET folder_id = excluded.folder_id, size = excluded.size,
         mtime_ms = excluded.mtime_ms, status = 'pending', error = NULL`,
    );
    const setPending = this.db.prepare(`UPDATE files SET size = ?, mtime_ms = ?, status = 'pending', error = NULL WHERE id = ?`);
    const setStatus = this.db.prepare('UPDATE files SET status = ? WHERE id = ?');
    const recordError = this.db.prepare(
      `INSERT INTO files (folder_id, path, size, mtime_ms, status, error) VALUES (?, ?, 0, 0, 'error', ?)
       ON CONFLICT (path) DO UPDATE SET folder_id = excluded.folder_id, status = 'error', error = excluded.error`,
    );
    this.db
      .transaction(() => {
        for (const { path, reason } of unreachable) {
          stored.delete(path);
          recordError.run(folderId, path, reason);
        }
        for (const file of listed) {
          const old = stored.get(file.path);
          stored.delete(file.path);
          if (!old) {
            insert.run(folderId, file.path, file.size, Math.round(file.mtimeMs));
            counts.added++;
            continue;
          }
          const same = old.size === file.size && old.mtime_ms === Math.round(file.mtimeMs);
          if (same && (old.status === 'ok' || old.status === 'unsupported' || old.status === 'pending')) {
            counts.unchanged++;
          } else if (same && old.status === 'missing' && old.photo_id !== null) {
            setStatus.run('ok', old.id);
            counts.restored++;
          } else {
            // Changed content, a reappeared file we never read, or an earlier error that may be fixed by now.
            setPending.run(file.size, Math.round(file.mtimeMs), old.id);
            counts.changed++;
          }
        }
        for (const gone of stored.values()) {
          if (gone.status === 'missing' || unlistedPrefixes.some((p) => gone.path.startsWith(p))) continue;
          setStatus.run('missing', gone.id);
          counts.vanished++;
        }
      })
      .immediate();
    return counts;
  }

  /** Pending files after `afterId`, in id order (so a scan walks them once even as rows change). */
  pending(folderIds: number[], afterId: number, limit: number): PendingFile[] {
    if (folderIds.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT id, folder_id, path, size, mtime_ms, photo_id FROM files
         WHERE status = 'pending' AND id > ? AND folder_id IN (${folderIds.map(() => '?').join(',')})
         ORDER BY id LIMIT ?`,
      )
      .all(afterId, ...folderIds, limit) as { id: number; folder_id: number; path: string; size: number; mtime_ms: number; photo_id: number | null }[];
    return rows.map((r) => ({ id: r.id, folderId: r.folder_id, path: r.path, size: r.size, mtimeMs: r.mtime_ms, photoId: r.photo_id }));
  }

  countPending(folderIds: number[]): number {
    if (folderIds.length === 0) return 0;
    return (
      this.db
        .prepare(`SELECT count(*) AS n FROM files WHERE status = 'pending' AND folder_id IN (${folderIds.map(() => '?').join(',')})`)
        .get(...folderIds) as { n: number }
    ).n;
  }

  /** Records a successful read: the file now shows `photoId`. */
  markRead(fileId: number, photoId: number, size: number, mtimeMs: number, now = Date.now()): void {
    this.db
      .prepare(`UPDATE files SET status = 'ok', error = NULL, photo_id = ?, size = ?, mtime_ms = ?, scanned_at = ? WHERE id = ?`)
      .run(photoId, size, Math.round(mtimeMs), now, fileId);
  }

  /** The readable ('ok') files of a photo, in id order. */
  readableOf(photoId: number): { id: number; path: string; size: number; mtimeMs: number }[] {
    return this.db
      .prepare(`SELECT id, path, size, mtime_ms AS mtimeMs FROM files WHERE photo_id = ? AND status = 'ok' ORDER BY id`)
      .all(photoId) as { id: number; path: string; size: number; mtimeMs: number }[];
  }

  /** Whether a photo has a readable ('ok') file other than `fileId` (a copy that still shows it as it was). */
  hasOtherReadable(photoId: number, fileId: number): boolean {
    return this.db.prepare(`SELECT 1 FROM files WHERE photo_id = ? AND id != ? AND status = 'ok' LIMIT 1`).get(photoId, fileId) !== undefined;
  }

  /** Records a file's new size and time after Kindred itself rewrote it (its photo stays the same). */
  setSizeAndTime(fileId: number, size: number, mtimeMs: number): void {
    this.db.prepare('UPDATE files SET size = ?, mtime_ms = ? WHERE id = ?').run(size, mtimeMs, fileId);
  }

  /** Drops 'missing' rows of a photo that is readable elsewhere (the file was moved or renamed). */
  forgetMovedCopies(photoId: number): void {
    this.db
      .prepare(
        `DELETE FROM files WHERE photo_id = ? AND status = 'missing'
         AND EXISTS (SELECT 1 FROM files f WHERE f.photo_id = ? AND f.status = 'ok')`,
      )
      .run(photoId, photoId);
  }

  /** Records why a file could not be catalogued; the scan goes on. */
  markFailed(fileId: number, status: 'error' | 'unsupported' | 'missing', reason: string, now = Date.now()): void {
    this.db.prepare('UPDATE files SET status = ?, error = ?, scanned_at = ? WHERE id = ?').run(status, reason, now, fileId);
  }

  /** Files that could not be catalogued (the per-file error list of the UI and the CLI summary). */
  problems(folderId?: number): FileProblem[] {
    const where = folderId === undefined ? '' : 'AND folder_id = ?';
    return this.db
      .prepare(`SELECT id, path, status, error FROM files WHERE status IN ('error', 'unsupported') ${where} ORDER BY path`)
      .all(...(folderId === undefined ? [] : [folderId])) as FileProblem[];
  }

  /** Number of files per status, for summaries. */
  statusCounts(folderIds?: number[]): Record<FileStatus, number> {
    const counts: Record<FileStatus, number> = { pending: 0, ok: 0, error: 0, unsupported: 0, missing: 0 };
    const where = folderIds ? `WHERE folder_id IN (${folderIds.map(() => '?').join(',') || 'NULL'})` : '';
    const rows = this.db.prepare(`SELECT status, count(*) AS n FROM files ${where} GROUP BY status`).all(...(folderIds ?? [])) as {
      status: FileStatus;
      n: number;
    }[];
    for (const r of rows) counts[r.status] = r.n;
    return counts;
  }

  /** Moves every file under `prefix` to `folderId` (when a parent folder absorbs a child folder). */
  reassignFolder(prefix: string, folderId: number): void {
    this.db.prepare(`UPDATE files SET folder_id = ? WHERE substr(path, 1, length(?)) = ?`).run(folderId, prefix, prefix);
  }
}
