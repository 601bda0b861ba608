/**
 * The people part of the contract: people and groups, their faces, undo, review questions and search by face.
 * Browser-safe: zod only.
 */
import { z } from 'zod';
import { idSchema, imageBase64Schema, noInput, pageInput } from './common-schemas.js';
import type { FaceDto, PageDto } from './common-types.js';
import { event, method } from './contract-kit.js';

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
  faces: PageDto<FaceDto>;
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


const faceIds = z.array(idSchema).min(1).max(10_000);
const personName = z.string().trim().min(1, 'a name is required').max(200);

/** A question exactly as review.next gave it. */
export const reviewQuestionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('face'), faceId: idSchema, personId: idSchema, confidence: z.number().nullable() }),
  z.strictObject({ kind: z.literal('people'), personA: idSchema, personB: idSchema, distance: z.number().min(0) }),
]);

/** The renderer downsizes what it sends; the limit is shared with the hosts' body limit. */
const imageBase64 = imageBase64Schema;
const searchK = z.int().min(1).max(1000).default(24);

export const peopleMethods = {
  'people.list': method<PersonDto[]>()({
    input: z.strictObject({ includeHidden: z.boolean().default(false) }),
    summary: 'Named people, then unnamed groups, most faces first (hidden ones only when asked).',
  }),
  'people.get': method<PersonDetailDto>()({
    input: z.strictObject({ personId: idSchema, ...pageInput(2000, 500) }),
    summary: 'One person and a page of their faces.',
  }),
  'people.name': method<PersonDto>()({
    input: z.strictObject({ personId: idSchema, name: personName }),
    summary: 'Names a person or group; a name someone else has is a conflict (merge them instead).',
  }),
  'people.merge': method<PersonDto>()({
    input: z.strictObject({ sourceIds: z.array(idSchema).min(1).max(1000), targetId: idSchema }),
    summary: 'Merges people into the target: their faces, corrections and (if the target has none) name move over.',
  }),
  'people.split': method<PersonDto>()({
    input: z.strictObject({ faceIds }),
    summary: 'Splits faces off into a new unnamed group; returns it.',
  }),
  'people.moveFaces': method<PersonDto>()({
    input: z.strictObject({ faceIds, targetId: idSchema }),
    summary: 'Moves faces to a person as confirmed; each is remembered as not being the person it left.',
  }),
  'people.removeFaces': method<{ removed: number }>()({
    input: z.strictObject({ faceIds }),
    summary: 'Takes faces away from their person; they are never suggested as that person again.',
  }),
  'people.hide': method<PersonDto>()({
    input: z.strictObject({ personId: idSchema, hidden: z.boolean() }),
    summary: 'Hides a person or group from the people view (or shows it again).',
  }),
  'people.setCover': method<PersonDto>()({
    input: z.strictObject({ personId: idSchema, faceId: idSchema }),
    summary: "Chooses the face shown for a person (one of that person's faces).",
  }),
  'people.undo': method<PeopleOperationDto | null>()({
    input: noInput,
    summary: 'Undoes the most recent people operation; null when there is nothing to undo.',
  }),
  'people.history': method<PeopleOperationDto[]>()({
    input: z.strictObject({ limit: z.int().min(1).max(200).default(20) }),
    summary: 'The operations that can still be undone, newest first.',
  }),
  'people.recluster': method<ReclusterResultDto>()({
    input: noInput,
    summary: 'Recognises and re-groups every face not confirmed by the user (refused while a scan runs).',
  }),
  'review.next': method<ReviewItemDto[]>()({
    input: z.strictObject({ limit: z.int().min(1).max(200).default(20) }),
    summary: '"Same person?" questions, most likely "yes" first, with the people they name.',
  }),
  'review.answer': method<null>()({
    input: z.strictObject({ question: reviewQuestionSchema, same: z.boolean() }),
    summary: 'Answers a review question: yes confirms or merges, no is remembered (both can be undone).',
  }),
  'search.byFace': method<FaceSearchResultDto>()({
    input: z.union([
      z.strictObject({ image: imageBase64, k: searchK }),
      z.strictObject({ photoId: idSchema, faceId: idSchema, k: searchK }),
    ]),
    summary: 'The photos whose faces are most like the largest face of an image, or like a face of the library.',
  }),
} as const;

export const peopleEvents = {
  'people.changed': event<{ personIds: number[] | null }>('People or their faces changed (null: refetch them all).'),
} as const;
