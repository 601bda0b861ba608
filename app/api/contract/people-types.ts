/** The shapes of the people, review and search parts of the contract. Browser-safe: types only. */
import type { FaceDto, Page } from './api-types.js';

/** A named person, or an unnamed group found by clustering (name null). */
export interface PersonDto {
  id: number;
  name: string | null;
  /** The face the user chose to show; null when they chose none. */
  coverFaceId: number | null;
  /** The face to show: the cover, else the best of their faces (confirmed first, then by quality). */
  shownFaceId: number | null;
  hidden: boolean;
  faceCount: number;
  confirmedCount: number;
  photoCount: number;
}

/** A person and one page of their faces (confirmed first, then by photo). */
export interface PersonDetailDto {
  person: PersonDto;
  faces: Page<FaceDto>;
}

/** An operation that `people.undo` can still take back, newest first. */
export interface PeopleOperationDto {
  id: number;
  kind: string;
  summary: string;
  createdAt: number;
}

/** A "same person?" question: is this face that person, or are these two people one? */
export type ReviewQuestionDto =
  | { kind: 'face'; faceId: number; personId: number; confidence: number | null }
  | { kind: 'people'; personA: number; personB: number; distance: number };

/** A question with the people it names, so the review view can show their covers and names. */
export interface ReviewItemDto {
  question: ReviewQuestionDto;
  people: PersonDto[];
}

/** One photo found by a face search: its closest face and that face's distance to the query. */
export interface FaceSearchHitDto {
  photoId: number;
  faceId: number;
  distance: number;
  personId: number | null;
  person: string | null;
}

/** The photos with the faces most like the query, closest first; `threshold` is the "same person" distance. */
export interface FaceSearchResultDto {
  modelId: string;
  threshold: number;
  results: FaceSearchHitDto[];
}

/** What re-clustering did. */
export interface ReclusterResultDto {
  recognisedAuto: number;
  recognisedSuggested: number;
  joinedGroups: number;
  newGroups: number;
  facesInNewGroups: number;
  dissolvedGroups: number;
}
