/**
 * One criterion for both ways faces come together: unknown faces join existing unnamed groups, or form new groups,
 * by average linkage on the faces' k-nearest-neighbour graph, stopped at one cut (see impostor-model.ts).
 *
 * Existing groups enter as fixed units (their member sums): an unknown face or a forming cluster joins one exactly when
 * a single clustering of everything would have merged them, so photos arriving in batches end up grouped as they
 * would have been in one scan. Two existing groups are never merged here (that is the user's call, or a full regroup's).
 * Never together: faces of one photo, a user's cannot-link, a face and a group it was rejected from.
 */
import { clustersAtCut, graphAverageLinkageMerges, type GraphLinkageUnit } from './graph-average-linkage.js';
import { addScaled } from '../shared/vector-math.js';

/** A face taking part in grouping: unknown (groupId null) or a member of an existing unnamed group. */
export interface GroupingFace {
  readonly id: number;
  readonly photoId: number;
  readonly vector: Float32Array;
  readonly groupId: number | null;
}

export interface GroupFacesOptions {
  /** RMS distance across two groups at or under which they merge. */
  readonly maxDistance: number;
  /** Nearest faces of an unknown face (any face ids; ids not among `faces` are ignored). */
  readonly neighboursOf: (face: GroupingFace) => readonly number[];
  /** The user's "not the same person" pairs of face ids. */
  readonly cannotLinks?: readonly (readonly [number, number])[];
  /** Groups an unknown face was rejected from. */
  readonly rejectedGroupsOf?: (faceId: number) => ReadonlySet<number>;
  /** Smallest new group (default 2: a face alone stays unknown). */
  readonly minGroupSize?: number;
}

export interface GroupFacesResult {
  /** Unknown face id → the existing group it joins. */
  readonly joins: Map<number, number>;
  /** New groups, as lists of unknown face ids. */
  readonly newGroups: number[][];
}

export function groupFaces(faces: readonly GroupingFace[], options: GroupFacesOptions): GroupFacesResult {
  return prepareGrouping(faces, options).at(options.maxDistance);
}

/**
 * The agglomeration up to `options.maxDistance`, done once; `at(cut)` reads the grouping at any cut up to it (the
 * merges at or under a cut are a prefix of the run: see `graphAverageLinkageMerges`).
 */
export function prepareGrouping(faces: readonly GroupingFace[], options: GroupFacesOptions): { at: (cut: number) => GroupFacesResult } {
  const dim = faces[0]?.vector.length ?? 0;
  const unitOfGroup = new Map<number, number>();
  const units: { sum: Float32Array; count: number; fixed: boolean; photos: Set<number>; groupId: number | null; faceId: number | null }[] = [];
  const unitOfFace = new Map<number, number>();
  for (const f of faces) {
    if (f.groupId === null) continue;
    let u = unitOfGroup.get(f.groupId);
    if (u === undefined) {
      u = units.push({ sum: new Float32Array(dim), count: 0, fixed: true, photos: new Set(), groupId: f.groupId, faceId: null }) - 1;
      unitOfGroup.set(f.groupId, u);
    }
    const unit = units[u]!;
    addScaled(unit.sum, f.vector);
    unit.count++;
    unit.photos.add(f.photoId);
    unitOfFace.set(f.id, u);
  }
  const unknown = faces.filter((f) => f.groupId === null);
  for (const f of unknown) unitOfFace.set(f.id, units.push({ sum: f.vector, count: 1, fixed: false, photos: new Set([f.photoId]), groupId: null, faceId: f.id }) - 1);

  const edges: [number, number][] = [];
  for (const f of unknown) {
    const a = unitOfFace.get(f.id)!;
    for (const id of options.neighboursOf(f)) {
      const b = unitOfFace.get(id);
      if (b !== undefined && b !== a) edges.push([a, b]);
    }
  }
  const conflicts: [number, number][] = [];
  const unknownOfPhoto = new Map<number, number[]>();
  for (const f of unknown) {
    const a = unitOfFace.get(f.id)!;
    const same = unknownOfPhoto.get(f.photoId) ?? [];
    for (const b of same) conflicts.push([a, b]);
    same.push(a);
    unknownOfPhoto.set(f.photoId, same);
    for (const rejected of options.rejectedGroupsOf?.(f.id) ?? []) {
      const g = unitOfGroup.get(rejected);
      if (g !== undefined) conflicts.push([a, g]);
    }
  }
  // A face never joins a group that already has a face of its photo.
  for (const [g, unit] of units.entries()) {
    if (!unit.fixed) continue;
    for (const p of unit.photos) for (const a of unknownOfPhoto.get(p) ?? []) conflicts.push([a, g]);
  }
  for (const [x, y] of options.cannotLinks ?? []) {
    const a = unitOfFace.get(x);
    const b = unitOfFace.get(y);
    if (a !== undefined && b !== undefined && a !== b) conflicts.push([a, b]);
  }

  const merges = graphAverageLinkageMerges(units satisfies GraphLinkageUnit[], edges, { maxDistance: options.maxDistance, conflicts });
  return { at: (cut) => readGroups(units, clustersAtCut(units.length, merges, Math.min(cut, options.maxDistance)), options.minGroupSize ?? 2) };
}

function readGroups(units: readonly { groupId: number | null; faceId: number | null }[], label: Int32Array, minSize: number): GroupFacesResult {
  const groupOfCluster = new Map<number, number>();
  for (const [u, unit] of units.entries()) if (unit.groupId !== null) groupOfCluster.set(label[u]!, unit.groupId);
  const joins = new Map<number, number>();
  const forming = new Map<number, number[]>();
  for (const [u, unit] of units.entries()) {
    if (unit.faceId === null) continue;
    const group = groupOfCluster.get(label[u]!);
    if (group !== undefined) joins.set(unit.faceId, group);
    else {
      const members = forming.get(label[u]!);
      if (members) members.push(unit.faceId);
      else forming.set(label[u]!, [unit.faceId]);
    }
  }
  const newGroups = [...forming.values()].filter((members) => members.length >= minSize).sort((a, b) => b.length - a.length || a[0]! - b[0]!);
  return { joins, newGroups };
}
