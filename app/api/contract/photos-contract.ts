/**
 * The photos part of the contract: the grid's pages, one photo's details, and faces marked or removed by hand.
 * Browser-safe: zod only.
 */
import { z } from 'zod';
import { idSchema, pageInput } from './common-schemas.js';
import type { FaceDto, FileStatusDto, PageDto } from './common-types.js';
import { method } from './contract-kit.js';

/** A photo as a grid shows it. */
export interface PhotoSummaryDto {
  id: number;
  width: number;
  height: number;
  /** Wall-clock capture time in milliseconds (EXIF local time read as UTC), or null when unknown. */
  takenAt: number | null;
  /** False when every file of the photo has vanished from disk (the thumbnail and faces remain). */
  available: boolean;
}

/** Everything the photo viewer needs. */
export interface PhotoDetailDto extends PhotoSummaryDto {
  contentHash: string;
  format: string;
  orientation: number;
  camera: string | null;
  files: { path: string; status: FileStatusDto }[];
  faces: FaceDto[];
}

/** A face marked by hand (`photos.addFace`). */
export interface AddedFaceDto {
  face: FaceDto;
  /** Whether a face was found in the box: if not, the box is kept for naming but takes no part in recognition. */
  found: boolean;
}

export const photosMethods = {
  'photos.list': method<PageDto<PhotoSummaryDto>>()({
    input: z.strictObject(pageInput(1000, 200)),
    summary: 'Photos newest first (by capture time; undated ones last, most recently added first).',
  }),
  'photos.get': method<PhotoDetailDto>()({
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
