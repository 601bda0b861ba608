/** The photos part of the contract: the grid's pages, one photo's details, and faces marked or removed by hand. */
import { z } from 'zod';
import type { AddedFaceDto, Page, PhotoDetail, PhotoSummary } from './api-types.js';
import { idSchema, pageInput } from './common-schemas.js';
import { method } from './contract-kit.js';

export const photosMethods = {
  'photos.list': method<Page<PhotoSummary>>()({
    input: z.strictObject(pageInput(1000, 200)),
    summary: 'Photos newest first (by capture time; undated ones last, most recently added first).',
  }),
  'photos.get': method<PhotoDetail>()({
    input: z.strictObject({ photoId: idSchema }),
    summary: 'One photo with its files and faces.',
  }),
  'photos.addFace': method<AddedFaceDto>()({
    input: z.strictObject({
      photoId: idSchema,
      box: z.strictObject({ x: z.number().finite(), y: z.number().finite(), width: z.number().finite().positive(), height: z.number().finite().positive() }),
    }),
    summary:
      'Marks a face the detector missed, from a box (displayed-photo pixels) drawn over it: the face inside is found and embedded, then recognised like any new face.',
  }),
  'photos.removeFace': method<null>()({
    input: z.strictObject({ faceId: idSchema }),
    summary: 'Deletes a face that is not a face (a detector mistake, or a box marked by hand in error); not undoable.',
  }),
} as const;
