import type { Database } from 'better-sqlite3';

/** A folder of the library. */
export interface Folder {
  id: number;
  path: string;
  albumPersonId: number | null;
  addedAt: number;
  lastScanAt: number | null;
}

interface FolderRow {
  id: number;
  path: string;
  album_person_id: number | null;
  added_at: number;
  last_scan_at: number | null;
}

const toFolder = (r: FolderRow): Folder => ({
  id: r.id,
  path: r.path,
  albumPersonId: r.album_person_id,
  addedAt: r.added_at,
  lastScanAt: r.last_scan_at,
});

/** Folders table: plain reads and writes; the nesting rules live in app/library/library-folders.ts. */
export class FolderRepository {
  constructor(private readonly db: Database) {}

  list(): Folder[] {
    return (this.db.prepare('SELECT * FROM folders ORDER BY path').all() as FolderRow[]).map(toFolder);
  }

  get(id: number): Folder | undefined {
    const row = this.db.prepare('SELECT * FROM folders WHERE id = ?').get(id) as FolderRow | undefined;
    return row && toFolder(row);
  }

  byPath(path: string): Folder | undefined {
    const row = this.db.prepare('SELECT * FROM folders WHERE path = ?').get(path) as FolderRow | undefined;
    return row && toFolder(row);
  }

  insert(path: string, now = Date.now()): Folder {
    const id = this.db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?)').run(path, now).lastInsertRowid;
    return this.get(Number(id))!;
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM folders WHERE id = ?').run(id);
  }

  markScanned(id: number, now = Date.now()): void {
    this.db.prepare('UPDATE folders SET last_scan_at = ? WHERE id = ?').run(now, id);
  }

  setAlbumPerson(id: number, personId: number | null): void {
    this.db.prepare('UPDATE folders SET album_person_id = ? WHERE id = ?').run(personId, id);
  }
}
