/**
 * The library scan as a job the JobManager can run, pause and resume: the same pipeline as `kindred scan`
 * (catalogue, faces, names from metadata, people), with the user's settings (read by the scan when it starts).
 */
import { z } from 'zod';
import { runLibraryScan, type LibraryScanSummary } from '../../workflows/scan-library.js';
import type { Library } from '../../db/library.js';
import type { ScanSummaryDto } from '../contract/library-contract.js';
import type { JobSpec } from '../../jobs/job-manager.js';

export const SCAN_JOB_KIND = 'scan';

/** The parameters a scan is recorded (and resumed) with. */
export const ScanParamsSchema = z.object({ folderIds: z.array(z.int().positive()).optional() });
export type ScanParams = z.output<typeof ScanParamsSchema>;

export interface ScanJobOptions {
  /** Find faces and people after cataloguing (default true); false catalogues only. */
  findFaces?: boolean;
  /** Told when people were regrouped while the scan still runs. */
  onPeopleChanged?: () => void;
}

/**
 * A scan of the given folders (all of them when absent, resolved when it starts, so a resumed "scan everything"
 * includes folders added since). Folders removed since a pause are skipped.
 */
export function scanJobSpec(library: Library, params: ScanParams, options: ScanJobOptions = {}): JobSpec {
  return {
    kind: SCAN_JOB_KIND,
    params,
    changes: ['files', 'photos', 'folders'],
    run: async ({ signal, progress }) => {
      const known = new Set(library.folders.list().map((f) => f.id));
      const folderIds = (params.folderIds ?? [...known]).filter((id) => known.has(id));
      const summary = await runLibraryScan(library, { folderIds, signal, progress, faces: options.findFaces ?? true, ...(options.onPeopleChanged ? { onPeopleChanged: options.onPeopleChanged } : {}) });
      return toScanSummaryDto(summary);
    },
  };
}

/** Rebuilds a scan from recorded parameters; null when they are not a scan's. */
export function scanJobSpecFrom(library: Library, params: unknown, options: ScanJobOptions = {}): JobSpec | null {
  const parsed = ScanParamsSchema.safeParse(params);
  return parsed.success ? scanJobSpec(library, parsed.data, options) : null;
}

/** The summary as it crosses the contract (without the per-photo lists, which can be long). */
export function toScanSummaryDto(s: LibraryScanSummary): ScanSummaryDto {
  return {
    kind: 'scan',
    listed: s.listed,
    read: s.read,
    failed: s.failed,
    unsupported: s.unsupported,
    vanishedWhileReading: s.vanishedWhileReading,
    unreadableFolders: s.unreadableFolders,
    cancelled: s.cancelled,
    faces: s.faces && { photos: s.faces.photos, faces: s.faces.faces, failed: s.faces.failed },
    names: s.regions && {
      photos: s.regions.photos,
      confirmed: s.regions.confirmed,
      newFaces: s.regions.newFaces,
      createdPeople: s.regions.createdPeople,
      conflicts: s.regions.conflicts,
      failed: s.regions.failed,
    },
    people: s.people && { ...s.people },
  };
}
