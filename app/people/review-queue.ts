import type { Database } from 'better-sqlite3';
import { blobToVector } from '../db/embedding-repository.js';
import type { PeopleOperations } from './people-operations.js';
import { addScaled, l2Distance, normalise } from '../shared/vector-math.js';

/** A "same person?" question for the user. */
export type ReviewQuestion =
  | { kind: 'face'; faceId: number; personId: number; confidence: number | null }
  | { kind: 'people'; personA: number; personB: number; distance: number };

/**
 * The review queue, most likely "yes" first: faces suggested for a person (between the automatic and the
 * verification threshold), then pairs of people/groups whose mean faces are within `maxDistance` and that the
 * user has not already said are different.
 */
export function reviewQuestions(db: Database, modelId: string, maxDistance: number, limit = 50): ReviewQuestion[] {
  const faces = (
    db
      .prepare(
        `SELECT f.id AS faceId, f.person_id AS personId, f.confidence FROM faces f JOIN people p ON p.id = f.person_id
         WHERE f.assignment = 'suggested' AND p.hidden = 0 ORDER BY f.confidence DESC, f.id LIMIT ?`,
      )
      .all(limit) as { faceId: number; personId: number; confidence: number | null }[]
  ).map((q): ReviewQuestion => ({ kind: 'face', ...q }));
  return [...faces, ...peoplePairs(db, modelId, maxDistance, limit)].slice(0, limit);
}

function peoplePairs(db: Database, modelId: string, maxDistance: number, limit: number): ReviewQuestion[] {
  const rows = db
    .prepare(
      `SELECT f.person_id, e.vector FROM faces f JOIN people p ON p.id = f.person_id
       JOIN face_embeddings e ON e.face_id = f.id AND e.model_id = ?
       WHERE f.assignment != 'suggested' AND p.hidden = 0`,
    )
    .all(modelId) as { person_id: number; vector: Buffer }[];
  const sums = new Map<number, Float32Array>();
  for (const r of rows) {
    const v = blobToVector(r.vector);
    const sum = sums.get(r.person_id) ?? new Float32Array(v.length);
    addScaled(sum, v);
    sums.set(r.person_id, sum);
  }
  const centroids = [...sums].map(([id, sum]) => ({ id, c: normalise(sum) }));
  const rejected = new Set((db.prepare('SELECT person_a, person_b FROM person_rejections').all() as { person_a: number; person_b: number }[]).map((r) => `${r.person_a}:${r.person_b}`));
  const pairs: ReviewQuestion[] = [];
  for (let i = 0; i < centroids.length; i++) {
    for (let j = i + 1; j < centroids.length; j++) {
      const a = centroids[i]!;
      const b = centroids[j]!;
      const [lo, hi] = a.id < b.id ? [a.id, b.id] : [b.id, a.id];
      if (rejected.has(`${lo}:${hi}`)) continue;
      const distance = l2Distance(a.c, b.c);
      if (distance <= maxDistance) pairs.push({ kind: 'people', personA: lo, personB: hi, distance });
    }
  }
  return pairs.sort((x, y) => (x as { distance: number }).distance - (y as { distance: number }).distance).slice(0, limit);
}

/** Applies the user's answer: yes confirms (or merges into the named / larger of the two), no is remembered. */
export function answerReview(ops: PeopleOperations, question: ReviewQuestion, same: boolean): void {
  if (question.kind === 'face') {
    if (same) ops.confirmFace(question.faceId, question.personId);
    else ops.rejectFace(question.faceId, question.personId);
    return;
  }
  if (!same) {
    ops.rejectPair(question.personA, question.personB);
    return;
  }
  const a = ops.people.get(question.personA)!;
  const b = ops.people.get(question.personB)!;
  const [keep, drop] = (a.name !== null) !== (b.name !== null) ? (a.name !== null ? [a, b] : [b, a]) : a.faceCount >= b.faceCount ? [a, b] : [b, a];
  ops.merge([drop.id], keep.id);
}
