import type { FaceRepository } from '../db/face-repository.js';
import type { PeopleRepository } from '../db/people-repository.js';
import type { Repositories } from '../db/repositories.js';
import type { FaceIndex } from '../index/face-index.js';
import { prepareGrouping, type GroupingFace } from './group-faces.js';
import { groupingAtLibraryCut, impostorModel, normalQuantile, unsureImpostorModel } from './impostor-model.js';
import { addScaled, dot } from '../shared/vector-math.js';
import { decideRecognition, knnVote, type Neighbour } from './knn-vote.js';
import { PendingPeopleWrites } from './pending-people-writes.js';

/** The thresholds of the embedding model (native-models/manifest.json): `verify` and `auto` (FAR ≤ 1e-3). */
export interface PeopleThresholds {
  verify: number;
  auto: number;
}

export interface GroupingOptions {
  modelId: string;
  thresholds: PeopleThresholds;
  /** The model's HNSW index (k-NN over named faces; the neighbour graph of grouping). */
  index: Pick<FaceIndex, 'search'> & Partial<Pick<FaceIndex, 'efSearch'>>;
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
  /** The linkage cut used for joining and new groups (impostor-model.ts), when there was anything to group. */
  cut?: number;
  /** Low-quality faces that joined a group (step 4). */
  joinedUnsure?: number;
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

/**
 * Untouched unnamed groups with fewer faces than this are provisional: each update groups their faces again together
 * with the new ones. Average linkage merges greedily and an existing group is never split, so a group formed while a
 * person had only a photo or two (faces whose own mates had not arrived yet) could hold a stranger that one scan of all
 * the photos would have kept apart; a small group is where that happens (a group's average distance to a face is √n
 * times steadier than one pair's: at ten faces, three times), and regrouping it costs little.
 */
export const PROVISIONAL_BELOW = 20;

/**
 * Brings people up to date after new faces arrive (or on demand, in full):
 * 1. recognition: each unknown face votes among its nearest named faces (HNSW); it is assigned automatically under
 *    the FAR ≤ 1e-3 threshold, suggested for review under the verification threshold, else left unknown — never
 *    to a person it was rejected from, nor to a person already in its photo;
 * 2. the rest join existing unnamed groups or form new ones, by one average linkage on the k-NN graph stopped at the
 *    library's cut (impostor-model.ts: strict enough that strangers stay apart at this library's size, never looser
 *    than the verification threshold) — the same criterion whether photos arrive at once or in batches (group-faces).
 * Confirmed assignments are never touched. Everything is decided first, outside any transaction; the writes then go
 * in short transactions of `batchSize` (a full regroup dissolves the untouched groups first, in one of its own).
 */
export function updatePeople(
  store: Pick<Repositories, 'people' | 'faces' | 'transaction'>,
  options: GroupingOptions & { batchSize?: number },
): GroupingSummary {
  const dissolvedGroups = options.full ? store.transaction(() => dissolveUntouchedGroups(store.faces, store.people)) : 0;
  const writes = new PendingPeopleWrites();
  const summary = planPeopleUpdate(store, options, writes);
  summary.dissolvedGroups = dissolvedGroups;
  writes.apply(store, options.batchSize ?? PEOPLE_WRITE_BATCH);
  return summary;
}

/** Faces written per transaction: the write lock is held for milliseconds at a time, not for the whole regroup. */
export const PEOPLE_WRITE_BATCH = 500;

/** Steps 1–4 of `updatePeople`, reading only: the writes go to `writes`. */
function planPeopleUpdate(store: Pick<Repositories, 'people' | 'faces'>, options: GroupingOptions, writes: PendingPeopleWrites): GroupingSummary {
  const summary: GroupingSummary = { recognisedAuto: 0, recognisedSuggested: 0, joinedGroups: 0, newGroups: 0, facesInNewGroups: 0, dissolvedGroups: 0 };
  const { people, faces } = store;
  const rows = loadFaces(faces, options.modelId);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const personInPhoto = new Set(rows.filter((r) => r.personId !== null).map((r) => `${r.photoId}:${r.personId}`));

  // 1. Recognition against named people.
  const unknown = rows.filter((r) => r.personId === null && !r.lowQuality);
  const proposals: { face: FaceRow; personId: number; kind: 'auto' | 'suggested'; confidence: number; distance: number }[] = [];
  // With nobody named there is nothing to recognise (and a filtered HNSW search that no face passes visits them all).
  const anyoneNamed = rows.some((r) => r.named);
  for (const face of anyoneNamed ? unknown : []) {
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
    writes.assign(p.face.id, p.personId, p.kind, p.confidence);
    p.face.personId = p.personId;
    if (p.kind === 'auto') summary.recognisedAuto++;
    else summary.recognisedSuggested++;
  }

  // 2–3. Join existing unnamed groups and form new ones: one average linkage, at the library's cut. Small untouched
  // groups are provisional: their faces are grouped again with the new ones (see PROVISIONAL_BELOW).
  const memberCount = new Map<number, number>();
  for (const r of rows) if (r.personId !== null) memberCount.set(r.personId, (memberCount.get(r.personId) ?? 0) + 1);
  const provisional = new Set(people.untouchedGroups().filter((id) => (memberCount.get(id) ?? 0) < PROVISIONAL_BELOW));
  const isGroupMember = (r: FaceRow) => r.personId !== null && !r.named && r.assignment !== 'suggested' && r.assignment !== 'confirmed';
  const regrouped = rows.filter((r) => isGroupMember(r) && provisional.has(r.personId as number) && !r.lowQuality);
  const previousGroup = new Map(regrouped.map((r) => [r.id, r.personId as number]));
  // Their unsure faces leave too, and find a group again in step 4.
  for (const r of rows) {
    if (!isGroupMember(r) || !r.lowQuality || !provisional.has(r.personId as number)) continue;
    writes.unassign(r.id);
    r.personId = null;
  }
  const stillUnknown = [...unknown.filter((f) => f.personId === null), ...regrouped];
  const grouping: GroupingFace[] = [
    ...rows
      .filter((r) => r.personId !== null && !r.named && r.assignment !== 'suggested' && !previousGroup.has(r.id))
      .map((r) => ({ id: r.id, photoId: r.photoId, vector: r.vector, groupId: r.personId })),
    ...stillUnknown.map((f) => ({ id: f.id, photoId: f.photoId, vector: f.vector, groupId: null })),
  ];
  if (stillUnknown.length > 0) {
    const k = options.k ?? 10;
    // One more than k: the face itself is usually its own nearest neighbour. The graph needs each face's near
    // neighbours, not an exact top 10, so the search is narrower than recognition's (GRAPH_EF_SEARCH).
    const neighbours = withEfSearch(options.index, GRAPH_EF_SEARCH, () =>
      new Map(stillUnknown.map((f) => [f.id, options.index.search(f.vector, k + 1).map((n) => n.faceId)])),
    );
    const usable = rows.filter((r) => !r.lowQuality);
    const usableIndex = new Map(usable.map((r, i) => [r.id, i]));
    const model = withEfSearch(options.index, GRAPH_EF_SEARCH, () =>
      impostorModel(
        usable.map((r) => r.vector),
        { nearest: (i) => options.index.search(usable[i]!.vector, 3).map((n) => usableIndex.get(n.faceId)).find((j) => j !== undefined && j !== i) },
      ),
    );
    const cannot = faces.cannotLinks().map((l) => [l.faceA, l.faceB] as const);
    const rejections = people.faceRejections();
    // Agglomerate once up to the loosest cut allowed; each candidate cut reads its groups off the same merges.
    const agglomeration = prepareGrouping(grouping, {
      maxDistance: options.thresholds.verify,
      neighboursOf: (f) => neighbours.get(f.id) ?? [],
      cannotLinks: cannot,
      rejectedGroupsOf: (id) => rejections.get(id) ?? new Set<number>(),
    });
    const group = (cut: number) => agglomeration.at(cut);
    const peopleBefore = new Set(rows.filter((r) => r.personId !== null && !provisional.has(r.personId)).map((r) => r.personId)).size;
    const { cut, result } = groupingAtLibraryCut(group, (r) => peopleBefore + r.newGroups.length, model, options.thresholds);
    summary.cut = cut;
    for (const [faceId, groupId] of result.joins) {
      writes.assign(faceId, groupId, 'auto', null);
      byId.get(faceId)!.personId = groupId;
      if (previousGroup.get(faceId) !== groupId) summary.joinedGroups++;
    }
    // A new group keeps the id of the provisional group most of its faces came from, so small groups stay put.
    const reused = new Set<number>();
    const placed = new Set(result.joins.keys());
    for (const members of result.newGroups) {
      const votes = new Map<number, number>();
      for (const id of members) {
        const g = previousGroup.get(id);
        if (g !== undefined && !reused.has(g)) votes.set(g, (votes.get(g) ?? 0) + 1);
      }
      const best = [...votes].sort((x, y) => y[1] - x[1] || x[0] - y[0])[0]?.[0];
      const groupId = best ?? writes.newGroup();
      if (best !== undefined) reused.add(best);
      for (const faceId of members) {
        if (previousGroup.get(faceId) !== groupId) writes.assign(faceId, groupId, 'auto', null);
        byId.get(faceId)!.personId = groupId;
        placed.add(faceId);
      }
      if (best === undefined) {
        summary.facesInNewGroups += members.length;
        summary.newGroups++;
      }
    }
    for (const [faceId] of previousGroup) {
      if (placed.has(faceId)) continue;
      writes.unassign(faceId);
      byId.get(faceId)!.personId = null;
    }
    const keepsMembers = new Set(rows.filter((r) => r.personId !== null && !previousGroup.has(r.id)).map((r) => r.personId as number));
    for (const id of provisional) if (!reused.has(id) && !keepsMembers.has(id)) writes.deletePerson(id);
  }

  // 4. Unsure faces (low quality) may join a group they are within the cut of, as leaves: they never form a group nor
  // bring two together, and what they join is measured against the group's good faces only.
  if (summary.cut !== undefined) summary.joinedUnsure = attachUnsureFaces(rows, options, summary.cut, people.faceRejections(), (faceId, groupId) => writes.assign(faceId, groupId, 'auto', null));
  return summary;
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

/** Unnamed groups with no confirmed face lose their automatic faces (named people and confirmations stay). */
function dissolveUntouchedGroups(faces: FaceRepository, people: PeopleRepository): number {
  const groups = people.untouchedGroups();
  for (const id of groups) {
    faces.unassignAutomaticOf(id);
    people.delete(id);
  }
  return groups.length;
}

/**
 * efSearch while building the neighbour graph: a person's other photos are among a face's first few neighbours, which
 * a narrow search finds; the index's own (tuned for recall@10 ≥ 0.995) costs several times more on 100k faces.
 */
const GRAPH_EF_SEARCH = 40;

function withEfSearch<T>(index: GroupingOptions['index'], ef: number, run: () => T): T {
  const before = index.efSearch;
  if (before === undefined || before <= ef) return run();
  index.efSearch = ef;
  try {
    return run();
  } finally {
    index.efSearch = before;
  }
}

/** One expected wrong join per this many unsure faces (the Gaussian tail is conservative: 0.967 precision measured on cfp). */
const UNSURE_FACES_PER_WRONG_JOIN = 10;

/** Step 4 of `updatePeople`: low-quality unknown faces join the nearest unnamed group within `cut`, if allowed. */
function attachUnsureFaces(
  rows: FaceRow[],
  options: GroupingOptions,
  cut: number,
  rejections: Map<number, Set<number>>,
  assign: (faceId: number, groupId: number) => void,
): number {
  const unsure = rows.filter((r) => r.personId === null && r.lowQuality);
  if (unsure.length === 0) return 0;
  // Unsure faces have impostor distances of their own (profiles resemble each other more than they resemble anyone's
  // frontal faces, and less than a frontal face resembles its lookalike): the cut for them is taken from unsure-to-good
  // pairs, at one expected wrong join per UNSURE_FACES_PER_WRONG_JOIN faces, each compared with every group.
  const good = rows.filter((r) => !r.lowQuality);
  const groupCount = new Set(rows.filter((r) => r.personId !== null).map((r) => r.personId)).size;
  const m = unsureImpostorModel(unsure.map((r) => r.vector), good.map((r) => r.vector));
  cut = Math.min(cut, m.mean + m.sd * normalQuantile(Math.min(0.5, 1 / (UNSURE_FACES_PER_WRONG_JOIN * Math.max(1, groupCount)))));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const groups = new Map<number, { sum: Float32Array; count: number; photos: Set<number> }>();
  for (const r of rows) {
    if (r.personId === null || r.named || r.assignment === 'suggested') continue;
    const g = groups.get(r.personId) ?? { sum: new Float32Array(r.vector.length), count: 0, photos: new Set<number>() };
    g.photos.add(r.photoId);
    if (!r.lowQuality) {
      addScaled(g.sum, r.vector);
      g.count++;
    }
    groups.set(r.personId, g);
  }
  let joined = 0;
  for (const face of unsure) {
    let best: number | undefined;
    let bestD = cut;
    for (const n of options.index.search(face.vector, options.k ?? 10)) {
      const id = byId.get(n.faceId)?.personId;
      const g = id === null || id === undefined ? undefined : groups.get(id);
      if (!g || g.count === 0 || g.photos.has(face.photoId) || rejections.get(face.id)?.has(id as number)) continue;
      const d = Math.sqrt(Math.max(0, 2 - (2 * dot(face.vector, g.sum)) / g.count));
      if (d <= bestD) {
        bestD = d;
        best = id as number;
      }
    }
    if (best === undefined) continue;
    assign(face.id, best);
    groups.get(best)!.photos.add(face.photoId);
    joined++;
  }
  return joined;
}
