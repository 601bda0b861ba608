import type { Database } from 'better-sqlite3';
import type { FaceBox } from './face-repository.js';

/**
 * Why an imported name was not applied:
 * - `confirmed_to_other`: the face it covers is confirmed as a different person;
 * - `rejected_by_user`: the user said this face is not that person;
 * - `person_already_in_photo`: that person is confirmed on another face of the photo.
 */
export type ConflictKind = 'confirmed_to_other' | 'rejected_by_user' | 'person_already_in_photo';

/** A region name that contradicts the user's own word, waiting for review. */
export interface MetadataConflictRecord {
  photoId: number;
  /** The existing face the region collides with. */
  faceId: number;
  kind: ConflictKind;
  regionName: string;
  /** Who the face is confirmed as now (null when the conflict is a rejection). */
  currentPersonId: number | null;
  /** The region, in pixels of the displayed image. */
  box: FaceBox;
  sourcePath: string;
  /** The metadata standard the region came from (app/metadata's RegionFormat). */
  format: string;
}

export interface StoredConflict extends MetadataConflictRecord {
  id: number;
  createdAt: number;
  resolvedAt: number | null;
}

interface ConflictRow {
  id: number;
  photo_id: number;
  face_id: number;
  kind: ConflictKind;
  region_name: string;
  current_person_id: number | null;
  box_x: number;
  box_y: number;
  box_w: number;
  box_h: number;
  source_path: string;
  region_format: string;
  created_at: number;
  resolved_at: number | null;
}

const toConflict = (r: ConflictRow): StoredConflict => ({
  id: r.id,
  photoId: r.photo_id,
  faceId: r.face_id,
  kind: r.kind,
  regionName: r.region_name,
  currentPersonId: r.current_person_id,
  box: { x: r.box_x, y: r.box_y, width: r.box_w, height: r.box_h },
  sourcePath: r.source_path,
  format: r.region_format,
  createdAt: r.created_at,
  resolvedAt: r.resolved_at,
});

/** The `metadata_conflicts` table (migration 002): what the review queue reads. */
export class MetadataConflictRepository {
  constructor(private readonly db: Database) {}

  /** Queues a conflict; false when this face and name were queued before (open or already settled). */
  record(c: MetadataConflictRecord, now = Date.now()): boolean {
    const result = this.db
      .prepare(
        `INSERT OR IGNORE INTO metadata_conflicts (photo_id, face_id, kind, region_name, current_person_id, box_x, box_y, box_w,
           box_h, source_path, region_format, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(c.photoId, c.faceId, c.kind, c.regionName, c.currentPersonId, c.box.x, c.box.y, c.box.width, c.box.height, c.sourcePath, c.format, now);
    return result.changes > 0;
  }

  /** Conflicts not yet settled, oldest first; of one photo when given. */
  open(photoId?: number): StoredConflict[] {
    const rows =
      photoId === undefined
        ? this.db.prepare('SELECT * FROM metadata_conflicts WHERE resolved_at IS NULL ORDER BY id').all()
        : this.db.prepare('SELECT * FROM metadata_conflicts WHERE resolved_at IS NULL AND photo_id = ? ORDER BY id').all(photoId);
    return (rows as ConflictRow[]).map(toConflict);
  }

  /** Marks a conflict settled (whatever the user decided); it is not raised again for that face and name. */
  resolve(id: number, now = Date.now()): void {
    this.db.prepare('UPDATE metadata_conflicts SET resolved_at = ? WHERE id = ?').run(now, id);
  }
}
