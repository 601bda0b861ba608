/** Input schemas shared by several methods. Browser-safe: zod only. */
import { z } from 'zod';

/** The largest image file a call may carry (search by face). */
export const MAX_IMAGE_BYTES = 12 * 1024 * 1024;
/** That file as base64 text: 4 characters per 3 bytes, padded. */
export const MAX_IMAGE_BASE64_CHARS = 4 * Math.ceil(MAX_IMAGE_BYTES / 3);
/** Room for the JSON around the largest field (keys, quotes, the other small fields). */
const JSON_OVERHEAD_BYTES = 64 * 1024;
/**
 * The largest request body a host accepts. Derived from the largest field so an input the schema accepts is never
 * refused by the host, and one a little too large still reaches the schema and gets its clear message.
 */
export const MAX_REQUEST_BODY_BYTES = MAX_IMAGE_BASE64_CHARS + JSON_OVERHEAD_BYTES;

/** Base64 of an image file, at most MAX_IMAGE_BYTES once decoded. */
export const imageBase64Schema = z
  .base64()
  .min(4)
  .max(MAX_IMAGE_BASE64_CHARS, `the image is larger than ${MAX_IMAGE_BYTES / (1024 * 1024)} MiB; send a smaller or downsized one`);

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
