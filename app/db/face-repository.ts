import type { Database, Statement } from 'better-sqlite3';
import { blobToVector } from './embedding-repository.js';

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
  /** Variance of the Laplacian of the aligned crop (the sharpness behind `quality`); null when not measured. */
  laplacianVariance?: number | null;
  /** Eye aspect ratio from the 68 landmarks (app/vision/eye-openness.ts); null when not measured. */
  eyeOpenness?: number | null;
}

/** A stored face: the measurements a new face may leave out are null here when they were not measured. */
export interface Face extends NewFace {
  id: number;
  photoId: number;
  personId: number | null;
  assignment: Assignment | null;
  confidence: number | null;
  laplacianVariance: number | null;
  eyeOpenness: number | null;
}

/** A `faces` row as SQLite returns it (other repositories select parts of it). */
export interface FaceRow {
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
  laplacian_variance: number | null;
  eye_openness: number | null;
  person_id: number | null;
  assignment: Assignment | null;
  confidence: number | null;
}

/** A face's person as an undo snapshot keeps it (snake_case: the stored JSON of `people_operations.before`). */
export interface FaceAssignmentRow {
  id: number;
  person_id: number | null;
  assignment: string | null;
  confidence: number | null;
}

/** A face with one model's embedding, as grouping reads it. */
export interface FaceWithEmbedding {
  id: number;
  photoId: number;
  personId: number | null;
  assignment: Assignment | null;
  lowQuality: boolean;
  /** The face's person has a name. */
  personNamed: boolean;
  vector: Float32Array;
}

/** A confirmed face of a named person: where it is and who. */
export interface NamedRegion {
  name: string;
  box: FaceBox;
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
  laplacianVariance: r.laplacian_variance,
  eyeOpenness: r.eye_openness,
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
           low_quality, laplacian_variance, eye_openness, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
        face.laplacianVariance ?? null,
        face.eyeOpenness ?? null,
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
    // Prepared once: grouping assigns every face of a library in one regroup.
    this.assignStatement ??= this.db.prepare('UPDATE faces SET person_id = ?, assignment = ?, confidence = ?, assigned_at = ? WHERE id = ?');
    this.assignStatement.run(personId, personId === null ? null : assignment, personId === null ? null : confidence, now, faceId);
  }

  private assignStatement: Statement | undefined;

  /** Clears a face's person (keeping `assigned_at`, as undoable people operations do). */
  unassign(faceId: number): void {
    this.db.prepare('UPDATE faces SET person_id = NULL, assignment = NULL, confidence = NULL WHERE id = ?').run(faceId);
  }

  /** Clears a face's person unless the user confirmed it. */
  unassignUnlessConfirmed(faceId: number): void {
    this.db.prepare(`UPDATE faces SET person_id = NULL, assignment = NULL, confidence = NULL WHERE id = ? AND assignment != 'confirmed'`).run(faceId);
  }

  /** Clears every automatic (not confirmed) face of a person. */
  unassignAutomaticOf(personId: number): void {
    this.db
      .prepare(`UPDATE faces SET person_id = NULL, assignment = NULL, confidence = NULL WHERE person_id = ? AND assignment != 'confirmed'`)
      .run(personId);
  }

  /** Marks a face's current assignment as the user's word. */
  confirm(faceId: number): void {
    this.db.prepare(`UPDATE faces SET assignment = 'confirmed', confidence = NULL WHERE id = ?`).run(faceId);
  }

  /** Gives every face of `fromPersonId` to `toPersonId`, assignments unchanged (a merge). */
  moveAll(fromPersonId: number, toPersonId: number): void {
    this.db.prepare('UPDATE faces SET person_id = ? WHERE person_id = ?').run(toPersonId, fromPersonId);
  }

  /** Restores a face's person exactly as an undo snapshot recorded it. */
  restoreAssignment(row: FaceAssignmentRow): void {
    this.db.prepare('UPDATE faces SET person_id = ?, assignment = ?, confidence = ? WHERE id = ?').run(row.person_id, row.assignment, row.confidence, row.id);
  }

  /** A face's person as an undo snapshot keeps it. */
  assignmentRow(faceId: number): FaceAssignmentRow | undefined {
    return this.db.prepare('SELECT id, person_id, assignment, confidence FROM faces WHERE id = ?').get(faceId) as FaceAssignmentRow | undefined;
  }

  idsOfPerson(personId: number): number[] {
    return (this.db.prepare('SELECT id FROM faces WHERE person_id = ?').all(personId) as { id: number }[]).map((r) => r.id);
  }

  /** The other faces of a photo given to a person. */
  othersInPhoto(photoId: number, personId: number, exceptFaceId: number): { id: number; assignment: Assignment }[] {
    return this.db
      .prepare('SELECT id, assignment FROM faces WHERE photo_id = ? AND person_id = ? AND id != ?')
      .all(photoId, personId, exceptFaceId) as { id: number; assignment: Assignment }[];
  }

  /**
   * The faces of a person on photos where it appears more than once, by photo, each photo's keeper first (confirmed,
   * then most confident, then oldest).
   */
  duplicatesInPhotos(personId: number): { id: number; photoId: number }[] {
    return this.db
      .prepare(
        `SELECT id, photo_id AS photoId FROM faces WHERE person_id = ? AND photo_id IN
           (SELECT photo_id FROM faces WHERE person_id = ? GROUP BY photo_id HAVING count(*) > 1)
         ORDER BY photo_id, assignment = 'confirmed' DESC, coalesce(confidence, 0) DESC, id`,
      )
      .all(personId, personId) as { id: number; photoId: number }[];
  }

  /** The face that best shows a person: confirmed first, then good quality, then the oldest. */
  bestOfPerson(personId: number): number | undefined {
    const row = this.db
      .prepare(`SELECT id FROM faces WHERE person_id = ? ORDER BY assignment = 'confirmed' DESC, low_quality, coalesce(quality, 0) DESC, id LIMIT 1`)
      .get(personId) as { id: number } | undefined;
    return row?.id;
  }

  /** Faces no person has (unknown). */
  countUnassigned(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM faces WHERE person_id IS NULL').get() as { n: number }).n;
  }

  /** A face's photo and person, with the person's name. */
  placement(faceId: number): { photoId: number; personId: number | null; person: string | null } | undefined {
    return this.db
      .prepare('SELECT f.photo_id AS photoId, f.person_id AS personId, p.name AS person FROM faces f LEFT JOIN people p ON p.id = f.person_id WHERE f.id = ?')
      .get(faceId) as { photoId: number; personId: number | null; person: string | null } | undefined;
  }

  /** Every face with an embedding of `modelId`, in id order. */
  withEmbeddings(modelId: string): FaceWithEmbedding[] {
    const rows = this.db
      .prepare(
        `SELECT f.id, f.photo_id, f.person_id, f.assignment, f.low_quality, p.name IS NOT NULL AS named, e.vector
         FROM faces f JOIN face_embeddings e ON e.face_id = f.id AND e.model_id = ?
         LEFT JOIN people p ON p.id = f.person_id
         ORDER BY f.id`,
      )
      .all(modelId) as { id: number; photo_id: number; person_id: number | null; assignment: Assignment | null; low_quality: number; named: number; vector: Buffer }[];
    return rows.map((r) => ({
      id: r.id,
      photoId: r.photo_id,
      personId: r.person_id,
      assignment: r.assignment,
      lowQuality: r.low_quality === 1,
      personNamed: r.named === 1,
      vector: blobToVector(r.vector),
    }));
  }

  /** The user's cannot-links ("not the same person") between two faces. */
  cannotLinks(): { faceA: number; faceB: number }[] {
    return this.db.prepare(`SELECT face_a AS faceA, face_b AS faceB FROM face_links WHERE kind = 'cannot_link'`).all() as { faceA: number; faceB: number }[];
  }

  /** Photos with a face confirmed as a named person (that person only, when given), in id order. */
  photosWithConfirmedNames(personId?: number): number[] {
    return (
      this.db
        .prepare(
          `SELECT DISTINCT f.photo_id AS id FROM faces f JOIN people p ON p.id = f.person_id
           WHERE f.assignment = 'confirmed' AND p.name IS NOT NULL ${personId === undefined ? '' : 'AND p.id = ?'} ORDER BY f.photo_id`,
        )
        .all(...(personId === undefined ? [] : [personId])) as { id: number }[]
    ).map((r) => r.id);
  }

  /** The confirmed faces of named people on a photo, in id order: what is written back into its files. */
  namedRegions(photoId: number): NamedRegion[] {
    return (
      this.db
        .prepare(
          `SELECT f.box_x, f.box_y, f.box_w, f.box_h, p.name FROM faces f JOIN people p ON p.id = f.person_id
           WHERE f.photo_id = ? AND f.assignment = 'confirmed' AND p.name IS NOT NULL ORDER BY f.id`,
        )
        .all(photoId) as { box_x: number; box_y: number; box_w: number; box_h: number; name: string }[]
    ).map((f) => ({ name: f.name, box: { x: f.box_x, y: f.box_y, width: f.box_w, height: f.box_h } }));
  }
}
