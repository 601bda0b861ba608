/**
 * Read models for the UI: pages of photos and problems, as plain records (the service shapes them for the
 * contract). Plain SQL over the library's tables; the writes stay in the repositories.
 */
import type { Database } from 'better-sqlite3';
import { FaceRepository, type Face } from './face-repository.js';
import type { FileProblem, FileStatus } from './file-repository.js';

/** One page of a longer list. */
export interface Page<T> {
  total: number;
  offset: number;
  items: T[];
}

/** A photo in the grid: its size, capture time and whether any copy can be read. */
export interface PhotoListItem {
  id: number;
  width: number;
  height: number;
  takenAt: number | null;
  available: boolean;
}

/** A photo with its files and faces. */
export interface PhotoDetails extends PhotoListItem {
  contentHash: string;
  format: string;
  orientation: number;
  camera: string | null;
  files: { path: string; status: FileStatus }[];
  faces: Face[];
}

interface PhotoRow {
  id: number;
  width: number;
  height: number;
  taken_at: number | null;
  available: number;
}

const toListItem = (r: PhotoRow): PhotoListItem => ({
  id: r.id,
  width: r.width,
  height: r.height,
  takenAt: r.taken_at,
  available: r.available === 1,
});

const AVAILABLE = `EXISTS (SELECT 1 FROM files f WHERE f.photo_id = p.id AND f.status = 'ok') AS available`;

export class LibraryQueries {
  constructor(
    private readonly db: Database,
    private readonly faces = new FaceRepository(db),
  ) {}

  /**
   * Photos newest first: by capture time (SQLite sorts NULL lowest, so undated photos come last), then by id so
   * the order is total and pages never overlap. Walks the photos_taken_at index backwards: no sort.
   */
  photos(offset: number, limit: number): Page<PhotoListItem> {
    const rows = this.db
      .prepare(`SELECT p.id, p.width, p.height, p.taken_at, ${AVAILABLE} FROM photos p ORDER BY p.taken_at DESC, p.id DESC LIMIT ? OFFSET ?`)
      .all(limit, offset) as PhotoRow[];
    return { total: this.photoCount(), offset, items: rows.map(toListItem) };
  }

  photoCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM photos').get() as { n: number }).n;
  }

  photo(id: number): PhotoDetails | undefined {
    const row = this.db
      .prepare(`SELECT p.*, ${AVAILABLE} FROM photos p WHERE p.id = ?`)
      .get(id) as (PhotoRow & { content_hash: string; format: string; orientation: number; camera: string | null }) | undefined;
    if (!row) return undefined;
    const files = this.db.prepare('SELECT path, status FROM files WHERE photo_id = ? ORDER BY path').all(id) as {
      path: string;
      status: FileStatus;
    }[];
    return {
      ...toListItem(row),
      contentHash: row.content_hash,
      format: row.format,
      orientation: row.orientation,
      camera: row.camera,
      files,
      faces: this.faces.ofPhoto(id),
    };
  }

  /** Files that could not be catalogued, by path. */
  problems(offset: number, limit: number, folderId?: number): Page<FileProblem> {
    const where = `status IN ('error', 'unsupported')${folderId === undefined ? '' : ' AND folder_id = ?'}`;
    const args = folderId === undefined ? [] : [folderId];
    const total = (this.db.prepare(`SELECT count(*) AS n FROM files WHERE ${where}`).get(...args) as { n: number }).n;
    const items = this.db
      .prepare(`SELECT id, path, status, error FROM files WHERE ${where} ORDER BY path LIMIT ? OFFSET ?`)
      .all(...args, limit, offset) as FileProblem[];
    return { total, offset, items };
  }
}
