/**
 * The culling part of the contract: a shoot's frames filtered by people (all or any of them), unnamed faces, folder
 * and dates, ranked best frame first with the parts of each frame's quality, stacked in bursts; picks, rejects and
 * stars (undone by setting the states back), written to XMP through the write-back setting; picked files exported.
 * Browser-safe: zod only.
 */
import { z } from 'zod';
import { idSchema, noInput, userPathSchema } from './common-schemas.js';
import { method } from './contract-kit.js';

export const CULL_FLAGS = ['pick', 'reject'] as const;
export type CullFlagDto = (typeof CULL_FLAGS)[number];
export const SHOOT_SORTS = ['quality', 'date'] as const;
export type ShootSortDto = (typeof SHOOT_SORTS)[number];

/** The parts of a frame's quality for the face that ranks it, each in [0, 1] (null: not measured). */
export interface FrameQualityDto {
  sharpness: number | null;
  size: number;
  pose: number | null;
  /** Eyes open (null: not measured: no landmark stage, stored before it, or the face turned away). */
  eyes: number | null;
  edge: number;
  confidence: number | null;
  score: number;
}

export interface ShootFrameDto {
  id: number;
  width: number;
  height: number;
  takenAt: number | null;
  available: boolean;
  flag: CullFlagDto | null;
  rating: number;
  faceId: number | null;
  quality: FrameQualityDto | null;
  /** Its burst: the top frame's id, the burst's size, this frame's place (0 = top); null for a single frame. */
  burst: { id: number; size: number; position: number } | null;
}

export interface ShootDto {
  frames: ShootFrameDto[];
  bursts: number;
  /** Photos the filter selects: more than `frames` when it selects more than a shoot holds (20,000, first as shot). */
  total: number;
}

export interface CullStateDto {
  photoId: number;
  flag: CullFlagDto | null;
  rating: number;
}

export interface CullWriteStatusDto {
  mode: 'off' | 'sidecar' | 'embed';
  pending: number;
  written: number;
  failed: number;
  lastError: string | null;
}

export interface ExportPicksSummaryDto {
  how: 'copy' | 'link' | 'list';
  target: string;
  picked: number;
  exported: number;
  skipped: number;
  errors: string[];
}

/** Capture times are the library's wall-clock milliseconds (EXIF local time read as UTC). */
const timeSchema = z.number().int().min(-62_135_596_800_000).max(253_402_300_799_999);

export const shootFilterSchema = z
  .strictObject({
    personIds: z.array(idSchema).max(20).default([]),
    match: z.enum(['all', 'any']).default('all'),
    unnamed: z.boolean().default(false),
    folder: userPathSchema.optional(),
    from: timeSchema.optional(),
    to: timeSchema.optional(),
  })
  .refine((f) => f.from === undefined || f.to === undefined || f.from <= f.to, { message: '"from" must not be after "to"', path: ['from'] });

export type ShootFilterDto = z.input<typeof shootFilterSchema>;

export const cullStateSchema = z.strictObject({ photoId: idSchema, flag: z.enum(CULL_FLAGS).nullable(), rating: z.int().min(0).max(5) });

export const cullingMethods = {
  'culling.list': method<ShootDto>()({
    input: z.strictObject({ filter: shootFilterSchema, sort: z.enum(SHOOT_SORTS).default('quality') }),
    summary: "Every frame the filter selects, bursts stacked best first, best frames first ('quality') or as shot ('date').",
  }),
  'culling.apply': method<CullStateDto[]>()({
    input: z.strictObject({ states: z.array(cullStateSchema).min(1).max(10_000) }),
    summary: 'Sets photos\' flags and stars (undo: apply the states returned); written to XMP in the background per the write-back setting. Returns the states before.',
  }),
  'culling.writeStatus': method<CullWriteStatusDto>()({
    input: noInput,
    summary: 'Where writing the decisions to XMP stands: the mode, photos still to write, files written and failed.',
  }),
  'culling.exportPicks': method<ExportPicksSummaryDto>()({
    input: z.strictObject({ filter: shootFilterSchema, how: z.enum(['copy', 'link', 'list']), target: userPathSchema }),
    summary: 'Copies or links the picked frames of the filter into a folder (created if needed; nothing overwritten), or lists their paths in a new text file.',
  }),
} as const;
