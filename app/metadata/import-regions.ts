import type { Assignment, Face, FaceBox } from '../db/face-repository.js';
import type { Library } from '../db/library.js';
import type { MetadataConflictRepository } from '../db/metadata-conflict-repository.js';
import type { Repositories } from '../db/repositories.js';
import { readFaceRegions, type FaceRegionsRead, type ImportedRegion } from './face-region-reader.js';
import type { ConflictKind, MetadataConflict } from './metadata-conflicts.js';
import type { MetadataTool } from './metadata-tool.js';
import { peopleByName, type PeopleByName } from './people-by-name.js';
import { asOrientation } from './region-geometry.js';
import { matchRegionsToFaces, type MatchCriteria } from './region-matching.js';
import type { RegionFormat } from './region-parsing.js';

/** What importing needs besides the library; all but `tool` have defaults on the library's database. */
export interface ImportRegionsDeps {
  tool: MetadataTool;
  people?: PeopleByName;
  conflicts?: Pick<MetadataConflictRepository, 'record'>;
  criteria?: MatchCriteria;
  /** Keyword roots under which people are filed (default `People`). */
  peopleTagRoots?: readonly string[];
  /** Whether to read `.xmp` sidecars (default true). */
  sidecars?: boolean;
  /**
   * Called after the import is committed for every face created from a region (e.g. to compute its embedding from
   * the box); a failure becomes a warning, the face stays.
   */
  onImportedFace?: (face: { faceId: number; photoId: number; box: FaceBox; filePath: string }) => Promise<void>;
}

/** A name recorded as the user's (confirmed) or proposed (suggested) word. */
export interface ImportedAssignment {
  faceId: number;
  personId: number;
  name: string;
  createdPerson: boolean;
  /** The face was created from the region (no detected face was there). */
  newFace: boolean;
  format: RegionFormat | null;
}

/** What importing one photo's metadata did. Never thrown: a failure is `status: 'error'`. */
export interface RegionImportResult {
  photoId: number;
  filePath: string;
  status: 'ok' | 'error';
  error?: string;
  source: FaceRegionsRead['source'];
  confirmed: ImportedAssignment[];
  /** Regions that named a face already confirmed as that person. */
  unchanged: number;
  /** Names that contradict the user, queued for review instead of applied. */
  conflicts: MetadataConflict[];
  /** A name-only tag on a photo with a single, unassigned face: proposed, not confirmed. */
  suggested: ImportedAssignment[];
  /** People named in the photo whom no region places. */
  unplacedNames: string[];
  warnings: string[];
}

/**
 * Imports the face regions and person tags of one file of a photo into the library: each region matched to a face
 * makes that face confirmed as the named person (created if no one has the name, matched case-insensitively); a region
 * with no face becomes an `imported` face, confirmed. Nothing the user confirmed or rejected is overwritten: such a
 * name goes to the conflict queue. Automatic assignments give way. Importing the same file again changes nothing.
 */
export async function importRegionsForPhoto(library: Library, photoId: number, filePath: string, deps: ImportRegionsDeps): Promise<RegionImportResult> {
  const result: RegionImportResult = {
    photoId, filePath, status: 'ok', source: null, confirmed: [], unchanged: 0, conflicts: [], suggested: [], unplacedNames: [], warnings: [],
  };
  const photo = library.photos.get(photoId);
  if (!photo) return { ...result, status: 'error', error: `no photo with id ${photoId}` };
  let read: FaceRegionsRead;
  try {
    read = await readFaceRegions(filePath, deps.tool, {
      image: { width: photo.width, height: photo.height, orientation: asOrientation(photo.orientation) },
      ...(deps.peopleTagRoots ? { peopleTagRoots: deps.peopleTagRoots } : {}),
      ...(deps.sidecars === undefined ? {} : { sidecars: deps.sidecars }),
    });
  } catch (error) {
    return { ...result, status: 'error', error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
  result.source = read.source;
  result.warnings.push(...read.warnings);
  if (read.regions.length === 0 && read.names.length === 0) return result;

  const people = deps.people ?? peopleByName(library.people);
  const conflicts = deps.conflicts ?? library.conflicts;
  library.transaction(() => applyRegions(library, photoId, read, people, conflicts, deps.criteria, result));

  for (const added of result.confirmed.filter((c) => c.newFace)) {
    try {
      const face = library.faces.get(added.faceId);
      if (face && deps.onImportedFace) await deps.onImportedFace({ faceId: face.id, photoId, box: face.box, filePath });
    } catch (error) {
      result.warnings.push(`face ${added.faceId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return result;
}

/** The transaction: decisions are made against the faces as they are now, updated as the import changes them. */
function applyRegions(
  repositories: Pick<Repositories, 'faces' | 'people'>,
  photoId: number,
  read: FaceRegionsRead,
  people: PeopleByName,
  store: Pick<MetadataConflictRepository, 'record'>,
  criteria: MatchCriteria | undefined,
  result: RegionImportResult,
): void {
  const repo = repositories.faces;
  const faces = new Map<number, Face>(repo.ofPhoto(photoId).map((f) => [f.id, f]));
  const match = matchRegionsToFaces(read.regions, [...faces.values()], read.names, criteria);
  const rejected = (faceId: number, personId: number): boolean => repositories.people.isFaceRejected(faceId, personId);
  const sourcePath = read.source?.path ?? '';

  const confirmedFaceOf = (personId: number): Face | undefined =>
    [...faces.values()].find((f) => f.personId === personId && f.assignment === 'confirmed');
  const conflict = (kind: ConflictKind, face: Face, region: ImportedRegion, currentPersonId: number | null): void => {
    const c: MetadataConflict = { photoId, faceId: face.id, kind, regionName: region.name!, currentPersonId, box: region.box, sourcePath, format: region.format };
    store.record(c);
    result.conflicts.push(c);
  };
  const assign = (faceId: number, personId: number, assignment: Assignment): void => {
    // A photo shows a person once: automatic claims of this person on other faces give way.
    for (const other of faces.values()) {
      if (other.id !== faceId && other.personId === personId && other.assignment !== 'confirmed') {
        repo.assign(other.id, null, null);
        faces.set(other.id, { ...other, personId: null, assignment: null, confidence: null });
      }
    }
    repo.assign(faceId, personId, assignment, null);
    faces.set(faceId, { ...faces.get(faceId)!, personId, assignment, confidence: null });
  };
  const personFor = (name: string): { id: number; created: boolean } => {
    const found = people.find(name);
    return found === undefined ? { id: people.create(name), created: true } : { id: found, created: false };
  };

  for (const { region, face: matchedFace } of match.matched) {
    const face = faces.get(matchedFace.id)!;
    const name = region.name!;
    const known = people.find(name);
    if (known !== undefined && face.personId === known && face.assignment === 'confirmed') {
      result.unchanged++;
      continue;
    }
    if (face.assignment === 'confirmed') {
      conflict('confirmed_to_other', face, region, face.personId);
      continue;
    }
    if (known !== undefined && rejected(face.id, known)) {
      conflict('rejected_by_user', face, region, face.personId);
      continue;
    }
    const elsewhere = known === undefined ? undefined : confirmedFaceOf(known);
    if (elsewhere) {
      conflict('person_already_in_photo', elsewhere, region, known!);
      continue;
    }
    const person = personFor(name);
    assign(face.id, person.id, 'confirmed');
    result.confirmed.push({ faceId: face.id, personId: person.id, name, createdPerson: person.created, newFace: false, format: region.format });
  }

  for (const region of match.unmatched) {
    const name = region.name!;
    const known = people.find(name);
    const elsewhere = known === undefined ? undefined : confirmedFaceOf(known);
    if (elsewhere) {
      conflict('person_already_in_photo', elsewhere, region, known!);
      continue;
    }
    const person = personFor(name);
    const faceId = repo.insert(photoId, {
      source: 'imported', detectorId: null, box: region.box, landmarks: null, detectorScore: null, quality: null, lowQuality: false,
    });
    faces.set(faceId, repo.get(faceId)!);
    assign(faceId, person.id, 'confirmed');
    result.confirmed.push({ faceId, personId: person.id, name, createdPerson: person.created, newFace: true, format: region.format });
  }

  // A name with no region on a photo with exactly one face, nobody's yet: most likely that face, but only a guess.
  const lone = faces.size === 1 ? [...faces.values()][0]! : undefined;
  if (match.nameOnly.length === 1 && lone && lone.personId === null) {
    const name = match.nameOnly[0]!;
    const known = people.find(name);
    if (known === undefined || !rejected(lone.id, known)) {
      const person = personFor(name);
      assign(lone.id, person.id, 'suggested');
      result.suggested.push({ faceId: lone.id, personId: person.id, name, createdPerson: person.created, newFace: false, format: null });
      return;
    }
  }
  result.unplacedNames.push(...match.nameOnly);
}

/** Totals of a batch import. */
export interface BatchImportSummary {
  photos: number;
  confirmed: number;
  newFaces: number;
  createdPeople: number;
  conflicts: number;
  failed: number;
  results: RegionImportResult[];
}

/**
 * Imports regions for many photos (e.g. the ones a scan just analysed), each from its first readable file. One
 * photo's failure is recorded in its result and the batch goes on.
 */
export async function importRegionsForPhotos(
  library: Library,
  photoIds: readonly number[],
  deps: ImportRegionsDeps,
  options: { signal?: AbortSignal } = {},
): Promise<BatchImportSummary> {
  const summary: BatchImportSummary = { photos: 0, confirmed: 0, newFaces: 0, createdPeople: 0, conflicts: 0, failed: 0, results: [] };
  for (const photoId of photoIds) {
    if (options.signal?.aborted) break;
    const path = library.photos.pathOf(photoId);
    if (!path) continue;
    const r = await importRegionsForPhoto(library, photoId, path, deps);
    summary.photos++;
    summary.confirmed += r.confirmed.length;
    summary.newFaces += r.confirmed.filter((c) => c.newFace).length;
    summary.createdPeople += [...r.confirmed, ...r.suggested].filter((c) => c.createdPerson).length;
    summary.conflicts += r.conflicts.length;
    if (r.status === 'error') summary.failed++;
    summary.results.push(r);
  }
  return summary;
}
