/** The library scan as a job the JobManager can run, pause and resume. */
import { z } from 'zod';
import type { Library } from '../library/library.js';
import { scanLibrary } from '../library/scan-job.js';
import type { JobSpec } from './job-manager.js';

export const SCAN_JOB_KIND = 'scan';

/** The parameters a scan is recorded (and resumed) with. */
export const ScanParamsSchema = z.object({ folderIds: z.array(z.int().positive()).optional() });
export type ScanParams = z.output<typeof ScanParamsSchema>;

/**
 * A scan of the given folders (all of them when absent, resolved when it starts, so a resumed "scan everything"
 * includes folders added since). Folders removed since a pause are skipped.
 */
export function scanJobSpec(library: Library, params: ScanParams, concurrency?: number): JobSpec {
  return {
    kind: SCAN_JOB_KIND,
    params,
    changes: ['files', 'photos', 'folders'],
    run: async ({ signal, progress }) => {
      const known = new Set(library.folders.list().map((f) => f.id));
      const folderIds = (params.folderIds ?? [...known]).filter((id) => known.has(id));
      const summary = await scanLibrary(library, { folderIds, signal, progress, ...(concurrency ? { concurrency } : {}) });
      return { kind: 'scan', ...summary };
    },
  };
}

/** Rebuilds a scan from recorded parameters; null when they are not a scan's. */
export function scanJobSpecFrom(library: Library, params: unknown, concurrency?: number): JobSpec | null {
  const parsed = ScanParamsSchema.safeParse(params);
  return parsed.success ? scanJobSpec(library, parsed.data, concurrency) : null;
}
