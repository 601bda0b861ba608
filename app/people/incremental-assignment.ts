/**
 * Incremental assignment: new faces join their nearest existing group when within the threshold, otherwise they wait
 * for the next clustering run.
 *
 * "Distance to a group" is the same average linkage clustering uses — the RMS distance from the face to the group's
 * members, √(2 − 2·dot(x, S)/n) for unit vectors with member sum S — so a face joins exactly when a clustering run would
 * have merged it as a singleton. Groups are not updated while assigning, which makes the result independent of the
 * order of `newFaces`; the caller adds joined faces to its sums afterwards.
 */
import { addScaled, dot } from '../shared/vector-math.js';

/** An existing group of faces (a cluster or a named person). */
export interface FaceGroup {
  readonly id: string | number;
  /** Sum of the group's member embeddings (not normalised). */
  readonly sum: Float32Array;
  /** Number of members (> 0). */
  readonly count: number;
  /** Photos the group already has a face in; a new face from one of these never joins it. */
  readonly photoIds?: ReadonlySet<string | number>;
}

/** A face to place. */
export interface NewFace {
  readonly vector: Float32Array;
  readonly photoId?: string | number;
  /** Low-quality faces are never joined automatically. */
  readonly lowQuality?: boolean;
}

/** Where a new face went. */
export interface IncrementalAssignment {
  /** The group joined, or null (left for the next clustering run). */
  readonly groupId: string | number | null;
  /** RMS distance to the joined group, or to the nearest allowed group when none was joined (Infinity if none). */
  readonly distance: number;
}

/** A `FaceGroup` from member embeddings. */
export function faceGroupFromVectors(
  id: string | number,
  vectors: readonly Float32Array[],
  photoIds?: ReadonlySet<string | number>,
): FaceGroup {
  if (vectors.length === 0) throw new RangeError('a face group needs at least one member');
  const sum = new Float32Array(vectors[0]!.length);
  for (const v of vectors) addScaled(sum, v);
  return photoIds ? { id, sum, count: vectors.length, photoIds } : { id, sum, count: vectors.length };
}

/**
 * Place each new face in the nearest group at distance ≤ `threshold` (L2). Two new faces of one photo never join the same
 * group: the closer match goes first and the other falls back to its next group within the threshold, if any.
 */
export function assignIncrementally(
  newFaces: readonly NewFace[],
  groups: readonly FaceGroup[],
  threshold: number,
): IncrementalAssignment[] {
  for (const g of groups) if (!(g.count > 0)) throw new RangeError(`group ${g.id} has count ${g.count}`);
  // Distance of every face to every group, and each face's groups in order of distance.
  const distances = newFaces.map((f) =>
    groups.map((g) => Math.sqrt(Math.max(0, 2 - (2 * dot(f.vector, g.sum)) / g.count))),
  );
  const order = distances.map((row) => row.map((_, j) => j).sort((a, b) => row[a]! - row[b]! || a - b));
  const result: IncrementalAssignment[] = newFaces.map((f, i) => {
    const allowed = order[i]!.find((j) => !(f.photoId !== undefined && groups[j]!.photoIds?.has(f.photoId)));
    return { groupId: null, distance: allowed === undefined ? Infinity : distances[i]![allowed]! };
  });

  // Closest matches first, so a same-photo conflict is resolved in favour of the better match.
  const faceOrder = newFaces.map((_, i) => i).sort((a, b) => result[a]!.distance - result[b]!.distance || a - b);
  const taken = new Map<string | number, Set<number>>(); // photoId → groups joined by its new faces
  for (const i of faceOrder) {
    const face = newFaces[i]!;
    if (face.lowQuality) continue;
    for (const j of order[i]!) {
      const d = distances[i]![j]!;
      if (!(d <= threshold)) break;
      const group = groups[j]!;
      if (face.photoId !== undefined) {
        if (group.photoIds?.has(face.photoId) || taken.get(face.photoId)?.has(j)) continue;
        const set = taken.get(face.photoId) ?? new Set<number>();
        set.add(j);
        taken.set(face.photoId, set);
      }
      result[i] = { groupId: group.id, distance: d };
      break;
    }
  }
  return result;
}
