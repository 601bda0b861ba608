import type { Library } from '../db/library.js';
import { recatalogueEmbedded } from './embedded-catalogue.js';
import { writeFaceRegions, type RegionWriteResult, type WriteMode } from './face-region-writer.js';
import { openExifTool, type MetadataTool } from './metadata-tool.js';
import { asOrientation } from './region-geometry.js';
import type { RegionToWrite } from './region-structs.js';
import type { ProgressTracker } from '../jobs/progress-tracker.js';

export interface ExportRegionsOptions {
  /** `sidecar` (default, the photo is not touched) or `embed` (into the photo file). */
  mode: WriteMode;
  /** Only the photos where this person is confirmed (all of each photo's confirmed names are written). */
  personName?: string;
  /** The same, by the person's id. */
  personId?: number;
  /** Only these photos. */
  photoIds?: readonly number[];
  signal?: AbortSignal;
  /** Told the number of photos first, then once per photo done. */
  progress?: Pick<ProgressTracker, 'phase' | 'advance'>;
}

/** One file's outcome, with the photo it belongs to. */
export interface FileExportResult extends RegionWriteResult {
  photoId: number;
}

/** What an export did. */
export interface RegionExportSummary {
  mode: WriteMode;
  photos: number;
  written: number;
  failed: number;
  files: FileExportResult[];
  warnings: string[];
  cancelled: boolean;
}

/**
 * Writes Kindred's names back into the photos: for every photo with at least one confirmed, named face, its
 * confirmed faces as MWG Regions + Microsoft People Tagging, into each readable file of the photo (a sidecar per
 * file, or embedded: only into a file that still is the one catalogued). Regions of other tools held by an open
 * metadata conflict are kept. One file's failure is reported in its result and the export goes on. Throws only when
 * `personName` names no one.
 */
export async function exportRegionsForPhotos(
  library: Library,
  options: ExportRegionsOptions,
  deps: { tool?: MetadataTool } = {},
): Promise<RegionExportSummary> {
  let personId = options.personId;
  if (options.personName !== undefined) {
    personId = library.people.idByName(options.personName);
    if (personId === undefined) throw new Error(`No person named "${options.personName}"`);
  }
  const only = options.photoIds ? new Set(options.photoIds) : null;
  const photoIds = library.faces.photosWithConfirmedNames(personId).filter((id) => !only || only.has(id));

  options.progress?.phase('writing', photoIds.length);
  const summary: RegionExportSummary = { mode: options.mode, photos: 0, written: 0, failed: 0, files: [], warnings: [], cancelled: false };
  const tool = deps.tool ?? openExifTool();
  try {
    for (const photoId of photoIds) {
      if (options.signal?.aborted) {
        summary.cancelled = true;
        break;
      }
      const photo = library.photos.get(photoId);
      if (!photo) continue;
      const regions: RegionToWrite[] = library.faces.namedRegions(photoId);
      const files = library.files.readableOf(photoId);
      summary.photos++;
      if (files.length === 0) summary.warnings.push(`photo ${photoId}: no readable file to write to`);
      const image = { width: photo.width, height: photo.height, orientation: asOrientation(photo.orientation) };
      // Another tool's region the user has not ruled on yet stays in the file, with its name.
      const keep = library.conflicts.open(photoId).map((c) => ({ name: c.regionName, box: c.box }));
      const written: number[] = [];
      for (const file of files) {
        const catalogued = { size: file.size, mtimeMs: file.mtimeMs, contentHash: photo.contentHash };
        const result = await writeFaceRegions(file.path, regions, tool, { mode: options.mode, image, catalogued, keep });
        summary.files.push({ ...result, photoId });
        if (result.status === 'written') {
          summary.written++;
          written.push(file.id);
        } else if (result.status === 'error') summary.failed++;
      }
      if (options.mode === 'embed' && written.length > 0) {
        const warning = await recatalogueEmbedded(library, photoId, written);
        if (warning) summary.warnings.push(warning);
      }
      options.progress?.advance();
    }
  } finally {
    if (!deps.tool) await tool.close();
  }
  return summary;
}
