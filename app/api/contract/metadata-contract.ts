/**
 * The metadata part of the contract: writing the confirmed names back into the photos (MWG Regions + Microsoft
 * People Tagging, as `kindred export-regions` does) as a job, whose outcome comes as one `metadata.regionsExported`
 * event. Browser-safe: zod only.
 */
import { z } from 'zod';
import { idSchema, noInput } from './common-schemas.js';
import { event, method } from './contract-kit.js';
import type { JobSnapshotDto } from './jobs-contract.js';

/** Where names are written: `.xmp` sidecars beside the photos, or the photo files themselves. */
export const WRITE_MODES = ['sidecar', 'embed'] as const;
export type WriteModeDto = (typeof WRITE_MODES)[number];

/** One file that could not be written. */
export interface RegionExportFailureDto {
  photoId: number;
  /** The file Kindred tried to write (the sidecar, or the photo itself). */
  target: string;
  error: string;
}

/** What a write-back did. */
export interface RegionExportSummaryDto {
  mode: WriteModeDto;
  /** Photos with at least one confirmed, named face. */
  photos: number;
  /** Files written. */
  written: number;
  /** Files that could not be written (listed in `failures`). */
  failed: number;
  failures: RegionExportFailureDto[];
  warnings: string[];
  cancelled: boolean;
}

export const metadataMethods = {
  'metadata.exportRegions': method<JobSnapshotDto>()({
    input: z.strictObject({ mode: z.enum(WRITE_MODES).optional(), personId: idSchema.optional() }),
    summary:
      "Writes the confirmed names into the photos' metadata as a job (mode: the write-back setting unless given; 'sidecar' overrides it, 'embed' is refused unless the setting is 'embed'; personId: only that person's photos); the outcome comes as metadata.regionsExported.",
  }),
  'metadata.cancelExport': method<JobSnapshotDto | null>()({
    input: noInput,
    summary: 'Stops a running write-back after the photo in progress (files already written stay written); null when none runs.',
  }),
} as const;

export const metadataEvents = {
  'metadata.regionsExported': event<{ jobId: number; summary: RegionExportSummaryDto }>('A write-back of names into the photos finished (or was cancelled).'),
} as const;
