import type { Database } from 'better-sqlite3';
import { blobToVector } from './embedding-repository.js';

/** A face recognised as a person with too little certainty to assign it: a question for the user. */
export interface SuggestedFace {
  faceId: number;
  personId: number;
  confidence: number | null;
}

/** What the review queue reads: suggestions, and the faces each visible person is made of. */
export class ReviewRepository {
  constructor(private readonly db: Database) {}

  /** Faces suggested for a visible person, most confident first. */
  suggestedFaces(limit: number): SuggestedFace[] {
    return this.db
      .prepare(
        `SELECT f.id AS faceId, f.person_id AS personId, f.confidence FROM faces f JOIN people p ON p.id = f.person_id
         WHERE f.assignment = 'suggested' AND p.hidden = 0 ORDER BY f.confidence DESC, f.id LIMIT ?`,
      )
      .all(limit) as SuggestedFace[];
  }

  /** The `modelId` embeddings of every visible person's faces, suggestions left out. */
  personVectors(modelId: string): { personId: number; vector: Float32Array }[] {
    return (
      this.db
        .prepare(
          `SELECT f.person_id, e.vector FROM faces f JOIN people p ON p.id = f.person_id
           JOIN face_embeddings e ON e.face_id = f.id AND e.model_id = ?
           WHERE f.assignment != 'suggested' AND p.hidden = 0`,
        )
        .all(modelId) as { person_id: number; vector: Buffer }[]
    ).map((r) => ({ personId: r.person_id, vector: blobToVector(r.vector) }));
  }
}
