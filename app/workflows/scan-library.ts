import type { Library } from '../db/library.js';
import { scanLibrary, type ScanSummary } from '../library/catalogue.js';
import { importRegionsForPhotos, type BatchImportSummary, type ImportRegionsDeps } from '../metadata/import-regions.js';
import { openExifTool } from '../metadata/metadata-tool.js';
import type { GroupingSummary } from '../people/people-grouping.js';
import { refreshPeople } from './refresh-people.js';
import { startRegroupsDuringScan } from './interim-people-refresh.js';
import { analysePhotos, type AnalyseSummary } from './analyse-photos.js';
import type { ExecutionProviderSetting } from '../vision/execution-provider.js';
import { FaceAnalysisPool } from '../vision/face-analysis-pool.js';
import { findFaceInRegion } from '../vision/face-in-region.js';
import { loadManifest } from '../shared/model-manifest.js';
import { chosenEmbedder } from '../settings/chosen-embedder.js';
import { readSettings } from '../settings/settings-store.js';
import type { ProgressTracker } from '../jobs/progress-tracker.js';
import { StageTimings } from '../shared/stage-timings.js';
import { adoptCurrentRecipe } from './embedding-recipe-change.js';

/** What a run may choose differently from the library's settings (a CLI flag does, for that run only). */
export interface ScanOverrides {
  /** Embedding model id or alias, instead of the settings' model. */
  model?: string;
  executionProvider?: ExecutionProviderSetting;
  /** Import face regions (names) written by other tools into XMP, instead of the settings' importMetadata. */
  importRegions?: boolean;
}

export interface LibraryScanOptions {
  folderIds?: number[];
  /** Find faces (default true); false catalogues photos only. */
  faces?: boolean;
  overrides?: ScanOverrides;
  signal?: AbortSignal;
  progress?: ProgressTracker;
  /** Told when people were regrouped while faces are still being found (see interim-people-refresh.ts). */
  onPeopleChanged?: () => void;
  /** The least time between two of those regroups (the default suits photos; tests make it 0). */
  interimPeopleEveryMs?: number;
  /**
   * Receives where the time goes: milliseconds of work per stage (catalogue, thumbnails, decode, detection, alignment,
   * embedding, database) and the wall time of each phase ('phase:catalogue', 'phase:faces', 'phase:people', ...).
   */
  timings?: StageTimings;
}

export interface LibraryScanSummary extends ScanSummary {
  faces: AnalyseSummary | null;
  regions: Omit<BatchImportSummary, 'results'> | null;
  people: GroupingSummary | null;
}

/**
 * What "scan" means to a user, end to end: catalogue the folders, find and embed the faces of new photos (worker
 * pool), import names other tools wrote into the photos, then recognise and group people. Each phase commits as it
 * goes, so a cancel or a crash keeps everything finished and the next scan picks up the rest.
 */
export async function runLibraryScan(library: Library, options: LibraryScanOptions = {}): Promise<LibraryScanSummary> {
  const { signal, progress } = options;
  const timings = options.timings ?? new StageTimings();
  // Read when the scan starts: the same settings whichever door started it. A refused model fails before any work.
  const settings = readSettings(library);
  const overrides = options.overrides ?? {};
  const embedder = options.faces === false ? null : chosenEmbedder(library, { model: overrides.model });
  const scan = await timings.time('phase:catalogue', () =>
    scanLibrary(library, { ...(options.folderIds ? { folderIds: options.folderIds } : {}), ...(signal ? { signal } : {}), ...(progress ? { progress } : {}), timings }),
  );
  const summary: LibraryScanSummary = { ...scan, faces: null, regions: null, people: null };
  if (embedder === null || signal?.aborted) return { ...summary, cancelled: signal?.aborted ?? false };

  const manifest = loadManifest();
  const importNames = overrides.importRegions ?? settings.importMetadata;
  const pool = new FaceAnalysisPool({
    embedder: embedder.id,
    executionProvider: overrides.executionProvider ?? settings.executionProvider,
    ...(settings.thresholds.detection === null ? {} : { minScore: settings.thresholds.detection }),
  });
  let regroupedMeanwhile = false;
  // Before any regroup of this scan opens an index: old-recipe vectors are gone before new ones are stored.
  const recipeChange = adoptCurrentRecipe(library, manifest, embedder);
  try {
    const interim = startRegroupsDuringScan(library, embedder, {
      onRefreshed: () => options.onPeopleChanged?.(),
      ...(options.interimPeopleEveryMs === undefined ? {} : { minIntervalMs: options.interimPeopleEveryMs }),
    });
    try {
      summary.faces = await timings.time('phase:faces', () =>
        analysePhotos(library, pool, manifest, embedder.id, { ...(signal ? { signal } : {}), ...(progress ? { progress } : {}), timings }),
      );
      summary.faces.recipeChange ??= recipeChange;
    } finally {
      regroupedMeanwhile = await interim.stop();
    }
    // Every analysed photo whose names are not imported yet: this scan's, and those of a scan stopped before its names.
    const namesPending = importNames && !signal?.aborted ? library.analyses.countNamesPending(embedder.id) : 0;
    if (namesPending > 0) {
      progress?.phase('names', namesPending);
      summary.regions = await timings.time('phase:names', () => importRegions(library, pool, embedder.id, signal, progress));
    }
  } finally {
    await pool.close();
  }
  if (!signal?.aborted) {
    progress?.phase('people', 1);
    // Groups formed from part of the faces are formed again from all of them (names and confirmations are kept).
    // Faces embedded again (a new recipe) regroup in full too: their groups were formed on the old vectors.
    const full = regroupedMeanwhile || recipeChange !== null || (summary.faces?.reembedded ?? 0) > 0;
    summary.people = await timings.time('phase:people', () => refreshPeople(library, embedder, { full }));
    progress?.advance();
  }
  return { ...summary, cancelled: signal?.aborted ?? false };
}

/**
 * Names from XMP face regions, for every photo `modelId` analysed whose names are not imported yet, a batch at a time;
 * each photo read is recorded as imported (one that could not be read waits for the next scan). A region with no
 * detected face becomes a face embedded from its own box.
 */
async function importRegions(library: Library, pool: FaceAnalysisPool, modelId: string, signal?: AbortSignal, progress?: ProgressTracker) {
  const tool = openExifTool();
  const { analyses, embeddings } = library;
  const counts: Omit<BatchImportSummary, 'results'> = { photos: 0, confirmed: 0, newFaces: 0, createdPeople: 0, conflicts: 0, failed: 0 };
  const deps: ImportRegionsDeps = {
    tool,
    onImportedFace: async ({ faceId, box, filePath }) => {
      const face = await findFaceInRegion(pool, filePath, box);
      if (face) embeddings.put(faceId, modelId, face.embedding);
    },
  };
  try {
    for (let afterId = 0; !signal?.aborted; ) {
      const photoIds = analyses.namesPending(modelId, afterId, NAMES_BATCH);
      if (photoIds.length === 0) break;
      afterId = photoIds.at(-1)!;
      const { results, ...batch } = await importRegionsForPhotos(library, photoIds, deps, signal ? { signal } : {});
      analyses.markNamesImported(modelId, results.filter((r) => r.status === 'ok').map((r) => r.photoId));
      for (const key of Object.keys(counts) as (keyof typeof counts)[]) counts[key] += batch[key];
      progress?.advance(results.length);
    }
    return counts;
  } finally {
    await tool.close();
  }
}

/** Photos whose names are imported between two records of progress. */
const NAMES_BATCH = 32;
