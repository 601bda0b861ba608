/** Input schemas shared by several methods. Browser-safe: zod only. */
import { z } from 'zod';

/** A database id: a positive safe integer. */
export const idSchema = z.int().positive();

/** The input of a method that takes none (unknown keys are refused like anywhere else). */
export const noInput = z.strictObject({});

/** Offset paging; `maxLimit` caps what one call may ask for. */
export function pageInput(maxLimit: number, defaultLimit: number) {
  return {
    offset: z.int().min(0).default(0),
    limit: z.int().min(1).max(maxLimit).default(defaultLimit),
  };
}

/** A file-system path typed or chosen by the user (checked for existence by the handler, not here). */
export const userPathSchema = z
  .string()
  .trim()
  .min(1, 'a path is required')
  .max(4096)
  .refine((p) => !p.includes('\0'), 'a path cannot contain NUL characters');
