/** The photos part of the contract: the grid's pages and one photo's details. */
import { z } from 'zod';
import type { Page, PhotoDetail, PhotoSummary } from './api-types.js';
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
} as const;
