/**
 * Writing the confirmed names back into the photos (MWG Regions + Microsoft People Tagging), the same for
 * `kindred export-regions` and the app's "Write names now": where they go comes from the library's write-back
 * setting unless the request asks for sidecars, nothing is written while the setting is off and none is named, and
 * nothing is embedded unless the setting says so.
 */
import type { Library } from '../db/library.js';
import type { ProgressTracker } from '../jobs/progress-tracker.js';
import { exportRegionsForPhotos, type RegionExportSummary } from '../metadata/export-regions.js';
import type { WriteMode } from '../metadata/face-region-writer.js';
import { readSettings } from '../settings/settings-store.js';

export interface ExportNamesOptions {
  /** Sidecar or embed for this request; default: the library's write-back setting. */
  mode?: WriteMode;
  /** Only the photos where this person (by id or by name) is confirmed. */
  personId?: number;
  personName?: string;
  signal?: AbortSignal;
  progress?: Pick<ProgressTracker, 'phase' | 'advance'>;
}

/** Write-back is off in the library's settings and the request named no mode. */
export class WriteBackOffError extends Error {
  override name = 'WriteBackOffError';
}

/**
 * Where names go for this request, or WriteBackOffError. Checked before a job starts, so a refusal is immediate.
 * A request for sidecars overrides the setting for that run (the photos are not touched). Embedding rewrites the
 * photo files themselves, so a request for it (the API's mode 'embed', the CLI's `--embed`) is only honoured when
 * the setting already says 'embed': the same rule for both doors, and no way to embed by one click or one flag.
 */
export function writeModeFor(library: Library, requested: WriteMode | undefined): WriteMode {
  const setting = readSettings(library).writeBackRegions;
  if (requested === 'embed' && setting !== 'embed') {
    throw new WriteBackOffError(
      `Embedding names into the photo files is not allowed while Settings say "${setting}": choose embedding in Settings first (or write XMP sidecars)`,
    );
  }
  const mode = requested ?? setting;
  if (mode === 'off') throw new WriteBackOffError('Writing names back to photos is off in Settings: choose XMP sidecars or embedding there first');
  return mode;
}

export async function exportNames(library: Library, options: ExportNamesOptions = {}): Promise<RegionExportSummary> {
  return exportRegionsForPhotos(library, {
    mode: writeModeFor(library, options.mode),
    ...(options.personId === undefined ? {} : { personId: options.personId }),
    ...(options.personName === undefined ? {} : { personName: options.personName }),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  });
}
