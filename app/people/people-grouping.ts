import type { FaceRepository } from '../db/face-repository.js';
import type { PeopleRepository } from '../db/people-repository.js';
import type { Repositories } from '../db/repositories.js';
import type { FaceIndex } from '../index/face-index.js';
import { assignIncrementally, faceGroupFromVectors, type FaceGroup } from './incremental-assignment.js';
import { decideRecognition, knnVote, type Neighbour } from './knn-vote.js';
import { clusterPeople } from './people-clustering.js';

/** The thresholds of the embedding model (native-models/manifest.json): `verify` and `auto` (FAR ≤ 1e-3). */
export interface PeopleThresholds {
  verify: number;
  auto: number;
}

export interface GroupingOptions {
  modelId: string;
  thresholds: PeopleThresholds;
  /** The model's HNSW index (k-NN over named faces). */
  index: Pick<FaceIndex, 'search'>;
  /** Dissolve every unnamed group nobody touched and cluster again (names, confirmations, rejections all kept). */
  full?: boolean;
  /** Neighbours fetched per face for the vote. */
  k?: number;
}

export interface GroupingSummary {
  recognisedAuto: number;
  recognisedSuggested: number;
  joinedGroups: number;
  newGroups: number;
  facesInNewGroups: number;
  dissolvedGroups: number;
}

interface FaceRow {
  id: number;
  photoId: number;
  personId: number | null;
  assignment: string | null;
  lowQuality: boolean;
  named: boolean;
  vector: Float32Array;
}

/** One planned write: a face to an existing person (`personId`) or to the n-th new group (`newGroup`). */
export type PlannedAssignment =
  | { faceId: number; personId: number; newGroup?: undefined; kind: 'auto' | 'suggested'; confidence: number | null }
  | { faceId: number; personId?: undefined; newGroup: number; kind: 'auto'; confidence: null };

/** What `updatePeople` decided, before anything is written. */
export interface PeoplePlan {
  summary: GroupingSummary;
  assignments: PlannedAssignment[];
  newGroups: number;
}

/** Faces written per transaction: short enough that the write lock is held for milliseconds, not the whole regroup. */
export const PEOPLE_WRITE_BATCH = 500;

/**
 * Brings people up to date after new faces arrive (or on demand, in full):
 * 1. recognition: each unknown face votes among its nearest named faces (HNSW); it is assigned automatically under
 *    the FAR ≤ 1e-3 threshold, suggested for review under the verification threshold, else left unknown — never
 *    to a person it was rejected from, nor to a person already in its photo;
 * 2. unknown faces close to an existing unnamed group join it;
 * 3. the rest are clustered (k-means over-segmentation + threshold merge, cannot-links honoured) into new groups.
 * Confirmed assignments are never touched. Everything is computed first, outside any transaction; the writes then
 * go in batches of `batchSize` faces, each its own short transaction (a full regroup dissolves first, in its own).
 */
export function updatePeople(
  store: Pick<Repositories, 'people' | 'faces' | 'transaction'>,
  options: GroupingOptions & { batchSize?: number },
): GroupingSummary {
  const dissolved = options.full ? dissolveGroups(store) : 0;
  const plan = planPeopleUpdate(store, options);
  plan.summary.dissolvedGroups = dissolved;
  const writer = new PlanWriter(store, plan);
  for (let from = 0; from < plan.assignments.length; from += options.batchSize ?? PEOPLE_WRITE_BATCH) {
    writer.write(from, options.batchSize ?? PEOPLE_WRITE_BATCH);
  }
  return plan.summary;
}

/** A full regroup's first step, in one short transaction: unnamed groups nobody touched lose their automatic faces. */
export function dissolveGroups(store: Pick<Repositories, 'people' | 'faces' | 'transaction'>): number {
  return store.transaction(() => dissolveUntouchedGroups(store.faces, store.people));
}

/** Steps 1–3 of `updatePeople`, reading only: what to assign where. */
export function planPeopleUpdate(store: Pick<Repositories, 'people' | 'faces'>, options: GroupingOptions): PeoplePlan {
  const summary: GroupingSummary = { recognisedAuto: 0, recognisedSuggested: 0, joinedGroups: 0, newGroups: 0, facesInNewGroups: 0, dissolvedGroups: 0 };
  const assignments: PlannedAssignment[] = [];
  const { people, faces } = store;
  const rows = loadFaces(faces, options.modelId);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const personInPhoto = new Set(rows.filter((r) => r.personId !== null).map((r) => `${r.photoId}:${r.personId}`));

  // 1. Recognition against named people.
  const unknown = rows.filter((r) => r.personId === null && !r.lowQuality);
  const proposals: { face: FaceRow; personId: number; kind: 'auto' | 'suggested'; confidence: number; distance: number }[] = [];
  for (const face of unknown) {
    const rejected = people.rejectedPeopleOf(face.id);
    const neighbours: Neighbour[] = options.index
      .search(face.vector, options.k ?? 10, (id) => byId.get(id)?.named === true)
      .map((n) => ({ personId: byId.get(n.faceId)?.personId ?? null, distance: n.distance }))
      .filter((n) => n.personId !== null && !rejected.has(n.personId as number) && !personInPhoto.has(`${face.photoId}:${n.personId}`));
    const decision = decideRecognition(knnVote(neighbours), { autoThreshold: options.thresholds.auto, verifyThreshold: options.thresholds.verify });
    if (decision.kind === 'unknown') continue;
    proposals.push({
      face,
      personId: decision.personId as number,
      kind: decision.kind === 'assign' ? 'auto' : 'suggested',
      confidence: decision.confidence,
      distance: decision.distance,
    });
  }
  // One photo never shows a person twice: the closest face wins.
  proposals.sort((a, b) => a.distance - b.distance);
  for (const p of proposals) {
    const key = `${p.face.photoId}:${p.personId}`;
    if (personInPhoto.has(key)) continue;
    personInPhoto.add(key);
    assignments.push({ faceId: p.face.id, personId: p.personId, kind: p.kind, confidence: p.confidence });
    p.face.personId = p.personId;
    if (p.kind === 'auto') summary.recognisedAuto++;
    else summary.recognisedSuggested++;
  }

  // 2. Join existing unnamed groups.
  const groups = unnamedGroups(rows);
  const stillUnknown = unknown.filter((f) => f.personId === null);
  const joins = assignIncrementally(
    stillUnknown.map((f) => ({ vector: f.vector, photoId: f.photoId })),
    groups,
    options.thresholds.verify,
  );
  joins.forEach((join, i) => {
    const face = stillUnknown[i]!;
    if (join.groupId === null || people.rejectedPeopleOf(face.id).has(join.groupId as number)) return;
    assignments.push({ faceId: face.id, personId: join.groupId as number, kind: 'auto', confidence: null });
    face.personId = join.groupId as number;
    summary.joinedGroups++;
  });

  // 3. Cluster what is left into new groups.
  const rest = stillUnknown.filter((f) => f.personId === null);
  let newGroups = 0;
  if (rest.length >= 2) {
    const indexOf = new Map(rest.map((f, i) => [f.id, i]));
    const clustering = clusterPeople(
      rest.map((f) => f.vector),
      rest.map((f) => ({ photoId: f.photoId })),
      { threshold: options.thresholds.verify, cannotLink: cannotLinks(faces, indexOf), minClusterSize: 2 },
    );
    clustering.assignments.forEach((cluster, i) => {
      if (cluster < 0) return;
      assignments.push({ faceId: rest[i]!.id, newGroup: cluster, kind: 'auto', confidence: null });
      summary.facesInNewGroups++;
    });
    newGroups = clustering.sizes.length;
    summary.newGroups = newGroups;
  }
  return { summary, assignments, newGroups };
}

/**
 * Writes a plan's assignments a slice at a time, each slice one transaction. A face is written only while it is
 * still unknown, so a plan applied in slices (with other work in between) never overrides what the user did meanwhile.
 */
export class PlanWriter {
  private readonly groupIds = new Map<number, number>();

  constructor(
    private readonly store: Pick<Repositories, 'people' | 'faces' | 'transaction'>,
    private readonly plan: PeoplePlan,
  ) {}

  /** Writes assignments [from, from + count). */
  write(from: number, count: number): void {
    const slice = this.plan.assignments.slice(from, from + count);
    if (slice.length === 0) return;
    this.store.transaction(() => {
      for (const a of slice) {
        const personId = a.personId ?? this.groupFor(a.newGroup!);
        this.store.faces.assignIfUnknown(a.faceId, personId, a.kind, a.confidence);
      }
    });
  }

  private groupFor(cluster: number): number {
    let id = this.groupIds.get(cluster);
    if (id === undefined) {
      id = this.store.people.create(null);
      this.groupIds.set(cluster, id);
    }
    return id;
  }
}

function loadFaces(faces: FaceRepository, modelId: string): FaceRow[] {
  return faces.withEmbeddings(modelId).map((f) => ({
    id: f.id,
    photoId: f.photoId,
    personId: f.personId,
    assignment: f.assignment,
    lowQuality: f.lowQuality,
    named: f.personNamed && f.assignment !== 'suggested',
    vector: f.vector,
  }));
}

/** Unnamed groups as sums of their members, with the photos they are in. */
function unnamedGroups(rows: FaceRow[]): FaceGroup[] {
  const members = new Map<number, FaceRow[]>();
  for (const r of rows) {
    if (r.personId === null || r.named || r.assignment === 'suggested') continue;
    members.set(r.personId, [...(members.get(r.personId) ?? []), r]);
  }
  return [...members].map(([id, m]) => faceGroupFromVectors(id, m.map((f) => f.vector), new Set(m.map((f) => f.photoId))));
}

/** Unnamed groups with no confirmed face lose their automatic faces (named people and confirmations stay). */
function dissolveUntouchedGroups(faces: FaceRepository, people: PeopleRepository): number {
  const groups = people.untouchedGroups();
  for (const id of groups) {
    faces.unassignAutomaticOf(id);
    people.delete(id);
  }
  return groups.length;
}

/** The user's cannot-links among the faces being clustered, as index pairs. */
function cannotLinks(faces: FaceRepository, indexOf: Map<number, number>): [number, number][] {
  return faces
    .cannotLinks()
    .filter((r) => indexOf.has(r.faceA) && indexOf.has(r.faceB))
    .map((r) => [indexOf.get(r.faceA)!, indexOf.get(r.faceB)!]);
}
