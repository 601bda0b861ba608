/**
 * Implements the metadata part of the contract: writing the confirmed names back into the photos (the same export
 * as `kindred export-regions`) as a JobManager job, with progress per photo and cancel, and with the
 * outcome (files written, files that failed and why) as one `metadata.regionsExported` event.
 */
import type { RegionExportSummary } from '../../metadata/export-regions.js';
import { exportNames, writeModeFor } from '../../workflows/export-names.js';
import { ApiError } from '../contract/api-error.js';
import type { LibraryChangeDto } from '../contract/library-contract.js';
import type { HandlersFor } from '../contract/contract-kit.js';
import type { JobSpec } from '../../jobs/job-manager.js';
import type { metadataMethods, RegionExportSummaryDto, WriteModeDto } from '../contract/metadata-contract.js';
import type { ServiceContext } from './service-context.js';

export const EXPORT_REGIONS_JOB_KIND = 'export-regions';
const EMBED_CHANGES: LibraryChangeDto[] = ['files', 'photos'];

export function metadataHandlers(ctx: ServiceContext): HandlersFor<typeof metadataMethods> {
  const { library, jobs, events } = ctx;
  const exportSpec = (mode: WriteModeDto, personId: number | undefined): JobSpec => ({
    kind: EXPORT_REGIONS_JOB_KIND,
    params: { mode, personId: personId ?? null },
    // Embedding re-reads the written files into the catalogue.
    ...(mode === 'embed' ? { changes: EMBED_CHANGES } : {}),
    run: async ({ signal, progress, jobId }) => {
      const total = await exportNames(library, { mode, ...(personId === undefined ? {} : { personId }), signal, progress });
      events.emit('metadata.regionsExported', { jobId, summary: toSummaryDto(total) });
      return null;
    },
  });

  return {
    'metadata.exportRegions': ({ mode, personId }) => {
      const chosen = writeModeFor(library, mode);
      if (personId !== undefined && !library.people.isNamed(personId)) {
        throw new ApiError('not_found', `No named person with id ${personId}`);
      }
      return jobs.start(exportSpec(chosen, personId));
    },
    'metadata.cancelExport': () => (jobs.current()?.kind === EXPORT_REGIONS_JOB_KIND ? jobs.cancel() : null),
  };
}

/** The summary as it crosses the contract: counts, and only the files that failed. */
function toSummaryDto(s: RegionExportSummary): RegionExportSummaryDto {
  return {
    mode: s.mode,
    photos: s.photos,
    written: s.written,
    failed: s.failed,
    failures: s.files
      .filter((f) => f.status === 'error')
      .map((f) => ({ photoId: f.photoId, target: f.target, error: f.error ?? 'unknown error' })),
    warnings: s.warnings,
    cancelled: s.cancelled,
  };
}
