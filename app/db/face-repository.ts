import type { Database } from 'better-sqlite3';

/** A point in displayed-image pixels. */
export type Point = [number, number];

/** Face geometry in pixels of the displayed (EXIF-oriented) image. */
export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Assignment = 'auto' | 'suggested' | 'confirmed';
export type FaceSource = 'detected' | 'manual' | 'imported';

/** A face to store: what detection, alignment and quality scoring found. */
export interface NewFace {
  source: FaceSource;
  detectorId: string | null;
  box: FaceBox;
  landmarks: Record<string, Point> | null;
  detectorScore: number | null;
  quality: number | null;
  lowQuality: boolean;
}

export interface Face extends NewFace {
  id: number;
  photoId: number;
  personId: number | null;
  assignment: Assignment | null;
  confidence: number | null;
}

interface FaceRow {
  id: number;
  photo_id: number;
  source: FaceSource;
  detector_id: string | null;
  box_x: number;
  box_y: number;
  box_w: number;
  box_h: number;
  landmarks: string | null;
  detector_score: number | null;
  quality: number | null;
  low_quality: number;
  person_id: number | null;
  assignment: Assignment | null;
  confidence: number | null;
}

export const toFace = (r: FaceRow): Face => ({
  id: r.id,
  photoId: r.photo_id,
  source: r.source,
  detectorId: r.detector_id,
  box: { x: r.box_x, y: r.box_y, width: r.box_w, height: r.box_h },
  landmarks: r.landmarks ? (JSON.parse(r.landmarks) as Record<string, Point>) : null,
  detectorScore: r.detector_score,
  quality: r.quality,
  lowQuality: r.low_quality === 1,
  personId: r.person_id,
  assignment: r.assignment,
  confidence: r.confidence,
});

/** Faces table: geometry, quality and the person assignment (independent of any embedding model). */
export class FaceRepository {
  constructor(private readonly db: Database) {}

  insert(photoId: number, face: NewFace, now = Date.now()): number {
    const result = this.db
      .prepare(
        `INSERT INTO faces (photo_id, source, detector_id, box_x, box_y, box_w, box_h, landmarks, detector_score, quality,
           low_quality, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        photoId,
        face.source,
        face.detectorId,
        face.box.x,
        face.box.y,
        face.box.width,
        face.box.height,
        face.landmarks ? JSON.stringify(face.landmarks) : null,
        face.detectorScore,
        face.quality,
        face.lowQuality ? 1 : 0,
        now,
      );
    return Number(result.lastInsertRowid);
  }

  get(id: number): Face | undefined {
    const row = this.db.prepare('SELECT * FROM faces WHERE id = ?').get(id) as FaceRow | undefined;
    return row && toFace(row);
  }

  ofPhoto(photoId: number): Face[] {
    return (this.db.prepare('SELECT * FROM faces WHERE photo_id = ? ORDER BY id').all(photoId) as FaceRow[]).map(toFace);
  }

  ofPerson(personId: number): Face[] {
    return (this.db.prepare('SELECT * FROM faces WHERE person_id = ? ORDER BY id').all(personId) as FaceRow[]).map(toFace);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM faces').get() as { n: number }).n;
  }

  /** Deletes a face (not a face after all); its embeddings, constraints and rejections go with it. */
  remove(faceId: number): boolean {
    return this.db.prepare('DELETE FROM faces WHERE id = ?').run(faceId).changes === 1;
  }

  /** Sets (or clears, with personId null) a face's person; `confirmed` is the user's word. */
  assign(faceId: number, personId: number | null, assignment: Assignment | null, confidence: number | null = null, now = Date.now()): void {
    this.db
      .prepare('UPDATE faces SET person_id = ?, assignment = ?, confidence = ?, assigned_at = ? WHERE id = ?')
      .run(personId, personId === null ? null : assignment, personId === null ? null : confidence, now, faceId);
  }
}
