import type { Database } from 'better-sqlite3';

/** What reading a file tells about the image it holds. */
export interface PhotoFacts {
  /** Of the whole file (names thumbnails and previews). */
  contentHash: string;
  /** Of the image alone, the same before and after a metadata edit (library/pixel-identity.ts); absent on old rows. */
  pixelHash?: string | null;
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
  pixel_hash: string | null;
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
  pixelHash: r.pixel_hash,
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

  /**
   * Returns the photo with this content, creating it if new (a moved or copied file lands on its old photo, and so
   * does a copy whose metadata alone differs). Found by pixel identity first, then by file hash (a photo catalogued
   * before pixel identities existed takes this one).
   */
  upsert(facts: PhotoFacts, now = Date.now()): number {
    const existing = this.find(facts);
    if (existing) {
      if (existing.pixel_hash === null && facts.pixelHash) this.db.prepare('UPDATE photos SET pixel_hash = ? WHERE id = ?').run(facts.pixelHash, existing.id);
      return existing.id;
    }
    const result = this.db
      .prepare(
        `INSERT INTO photos (content_hash, pixel_hash, format, width, height, orientation, taken_at, camera, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(facts.contentHash, facts.pixelHash ?? null, facts.format, facts.width, facts.height, facts.orientation, facts.takenAt, facts.camera, now);
    return Number(result.lastInsertRowid);
  }

  /** The photo showing this content (by pixel identity, then by file hash), if any. */
  find(facts: Pick<PhotoFacts, 'contentHash' | 'pixelHash'>): { id: number; pixel_hash: string | null } | undefined {
    const byPixels = facts.pixelHash
      ? (this.db.prepare('SELECT id, pixel_hash FROM photos WHERE pixel_hash = ?').get(facts.pixelHash) as { id: number; pixel_hash: string } | undefined)
      : undefined;
    return byPixels ?? (this.db.prepare('SELECT id, pixel_hash FROM photos WHERE content_hash = ?').get(facts.contentHash) as
      | { id: number; pixel_hash: string | null }
      | undefined);
  }

  /**
   * Gives a photo the content its only file now holds (the file was edited in place), keeping its id and so its
   * faces and names. Its faces are marked stale (see `staleFaces`): the pixels changed, or may have (a photo without
   * a pixel identity yet), so they are to be found again.
   */
  rekey(id: number, facts: PhotoFacts): void {
    this.db
      .prepare(
        `UPDATE photos SET content_hash = ?, pixel_hash = ?, format = ?, width = ?, height = ?, orientation = ?, taken_at = ?,
           camera = ?, stale_faces_width = coalesce(stale_faces_width, width), stale_faces_height = coalesce(stale_faces_height, height)
         WHERE id = ?`,
      )
      .run(facts.contentHash, facts.pixelHash ?? null, facts.format, facts.width, facts.height, facts.orientation, facts.takenAt, facts.camera, id);
  }

  /**
   * When the photo's pixels changed since its faces were found (their boxes no longer fit): the displayed size of
   * the image they were found on, and of the image now. Undefined when the faces fit.
   */
  staleFaces(id: number): { before: { width: number; height: number }; now: { width: number; height: number } } | undefined {
    const row = this.db
      .prepare('SELECT stale_faces_width AS bw, stale_faces_height AS bh, width, height FROM photos WHERE id = ? AND stale_faces_width IS NOT NULL')
      .get(id) as { bw: number; bh: number; width: number; height: number } | undefined;
    return row && { before: { width: row.bw, height: row.bh }, now: { width: row.width, height: row.height } };
  }

  /** Records that the photo's faces were found again on its current pixels. */
  clearStaleFaces(id: number): void {
    this.db.prepare('UPDATE photos SET stale_faces_width = NULL, stale_faces_height = NULL WHERE id = ?').run(id);
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
