import type { Database } from 'better-sqlite3';

/** What reading a file tells about the image it holds. */
export interface PhotoFacts {
  contentHash: string;
  format: string;
  /** Of the displayed image, after EXIF orientation. */
  width: number;
  height: number;
  orientation: number;
  /** Wall-clock capture time as milliseconds (the EXIF local time read as if it were UTC), or null. */
  takenAt: number | null;
  camera: string | null;
}

export interface Photo extends PhotoFacts {
  id: number;
}

interface PhotoRow {
  id: number;
  content_hash: string;
  format: string;
  width: number;
  height: number;
  orientation: number;
  taken_at: number | null;
  camera: string | null;
}

const toPhoto = (r: PhotoRow): Photo => ({
  id: r.id,
  contentHash: r.content_hash,
  format: r.format,
  width: r.width,
  height: r.height,
  orientation: r.orientation,
  takenAt: r.taken_at,
  camera: r.camera,
});

/** Photos are distinct image contents; files point at them. */
export class PhotoRepository {
  constructor(private readonly db: Database) {}

  /** Returns the photo with this content, creating it if new (a moved or copied file lands on its old photo). */
  upsert(facts: PhotoFacts, now = Date.now()): number {
    const existing = this.db.prepare('SELECT id FROM photos WHERE content_hash = ?').get(facts.contentHash) as
      | { id: number }
      | undefined;
    if (existing) return existing.id;
    const result = this.db
      .prepare(
        `INSERT INTO photos (content_hash, format, width, height, orientation, taken_at, camera, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(facts.contentHash, facts.format, facts.width, facts.height, facts.orientation, facts.takenAt, facts.camera, now);
    return Number(result.lastInsertRowid);
  }

  get(id: number): Photo | undefined {
    const row = this.db.prepare('SELECT * FROM photos WHERE id = ?').get(id) as PhotoRow | undefined;
    return row && toPhoto(row);
  }

  byHash(contentHash: string): Photo | undefined {
    const row = this.db.prepare('SELECT * FROM photos WHERE content_hash = ?').get(contentHash) as PhotoRow | undefined;
    return row && toPhoto(row);
  }

  /** A readable path of the photo (an 'ok' file), or undefined when every copy is missing. */
  pathOf(id: number): string | undefined {
    const row = this.db
      .prepare(`SELECT path FROM files WHERE photo_id = ? AND status = 'ok' ORDER BY id LIMIT 1`)
      .get(id) as { path: string } | undefined;
    return row?.path;
  }

  /** Gives a photo a new content hash (its files' bytes changed, not its pixels). */
  setContentHash(id: number, contentHash: string): void {
    this.db.prepare('UPDATE photos SET content_hash = ? WHERE id = ?').run(contentHash, id);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM photos').get() as { n: number }).n;
  }

  /** Every readable file of a photo, with its photo's id (a photo with two copies is listed twice). */
  readableFiles(): { photoId: number; path: string }[] {
    return this.db.prepare(`SELECT photo_id AS photoId, path FROM files WHERE status = 'ok' AND photo_id IS NOT NULL ORDER BY id`).all() as {
      photoId: number;
      path: string;
    }[];
  }

  /** Deletes photos no file points at any more (after a folder is removed); their faces go with them. */
  deleteOrphans(): number {
    return this.db.prepare('DELETE FROM photos WHERE NOT EXISTS (SELECT 1 FROM files WHERE files.photo_id = photos.id)').run()
      .changes;
  }
}
