/**
 * `kindred eval cluster`: the people groups a user would get, measured. A throwaway library is built from a folder
 * of identity folders by the very scan a user runs (catalogue, faces, names, people), in one batch or in several
 * (photos arriving over time), and the groups it holds are scored against the folders. DBSCAN runs on the same
 * stored embeddings, at our verification distance and at its best distance in hindsight, as the baseline.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { Library } from '../db/library.js';
import { evaluateClustering, type ClusterEvaluation } from '../eval/cluster-metrics.js';
import { addFolder } from '../library/library-folders.js';
import { dbscan } from '../people/dbscan.js';
import { chosenEmbedder } from '../settings/chosen-embedder.js';
import { mulberry32, shuffleInPlace } from '../shared/seeded-random.js';
import { effectiveEmbedding } from './apply-head.js';
import { runLibraryScan } from './scan-library.js';

/** DBSCAN's minimum neighbourhood, as Immich's face clustering uses by default (minFaces = 3). */
export const DBSCAN_MIN_POINTS = 3;

export interface GroupingEvaluationOptions {
  /** Embedding model for the throwaway library (default: the manifest's default, as a new library would use). */
  model?: string;
  /** Scan the photos in this many batches, in a seeded random order (default 1). */
  batches?: number;
  /** Where the throwaway library lives while it is measured (default: the system's temp folder). */
  workDir?: string;
  /** Only images whose file name matches this pattern (e.g. /frontal/ for cfp's frontal-only protocol). */
  match?: RegExp;
  /** Skip the DBSCAN baseline (its sweep dominates the time on thousands of faces; it does not depend on grouping). */
  skipBaseline?: boolean;
  /** Keep the built library in this (new or empty) folder instead of deleting it, to experiment on its embeddings. */
  keep?: string;
  onBatch?: (batch: number, batches: number) => void;
}

export interface GroupingEvaluation {
  images: number;
  identities: number;
  batches: number;
  modelId: string;
  /** The verification distance of the model: DBSCAN's eps "at our cut". */
  threshold: number;
  /** Photos where the scan found no face. */
  noFaceImages: number;
  /** Share of photos whose main face is in a group. */
  coverage: number;
  largestGroup: number;
  seconds: number;
  peakRssMiB: number;
  kindred: ClusterEvaluation;
  /** BCubed of the faces that are in a group (coverage aside). */
  kindredGrouped: ClusterEvaluation;
  dbscan?: ClusterEvaluation & { eps: number; minPts: number };
  /** DBSCAN at the eps that scores best against the truth (an oracle no user has: the baseline's ceiling). */
  dbscanOracle?: ClusterEvaluation & { eps: number; minPts: number };
}

/** Every image below `root`, labelled by its parent folder (the identity). */
export function labeledImages(root: string, match?: RegExp): { path: string; identity: string }[] {
  const out: { path: string; identity: string }[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(jpe?g|png|webp|tiff?)$/i.test(name) && dir !== root && (!match || match.test(name))) out.push({ path: relative(root, path), identity: relative(root, dir) });
    }
  };
  walk(root);
  return out;
}

/** Builds a library from `root` the way a user would, and scores the people groups it holds. */
export async function evaluateLibraryGrouping(root: string, options: GroupingEvaluationOptions = {}): Promise<GroupingEvaluation> {
  const images = labeledImages(root, options.match);
  if (images.length === 0) throw new Error(`no images in identity folders below ${root}`);
  const batches = Math.max(1, Math.min(options.batches ?? 1, images.length));
  const started = performance.now();
  const work = options.keep === undefined ? mkdtempSync(join(options.workDir ?? tmpdir(), 'kindred-eval-')) : resolve(options.keep);
  if (options.keep !== undefined) {
    mkdirSync(work, { recursive: true });
    if (readdirSync(work).length > 0) throw new Error(`--keep folder ${work} is not empty`);
  }
  const library = Library.open(join(work, 'kindred.db'));
  try {
    const overrides = options.model === undefined ? {} : { model: options.model };
    const entry = chosenEmbedder(library, overrides);
    // The photos are linked into the library's folder batch by batch, so later batches arrive as new photos.
    const photos = join(work, 'photos');
    mkdirSync(photos);
    await addFolder(library, photos);
    for (const [b, batch] of arrivalBatches(images.length, batches).entries()) {
      for (const i of batch) {
        const link = join(photos, images[i]!.path);
        mkdirSync(dirname(link), { recursive: true });
        symlinkSync(resolve(root, images[i]!.path), link);
      }
      options.onBatch?.(b + 1, batches);
      const scan = await runLibraryScan(library, { overrides });
      if (scan.faces === null) throw new Error('the scan found no faces (is the model usable?)');
    }
    const effective = effectiveEmbedding(library, entry);
    const mainFaces = mainFaceOfEachImage(library, photos, images, effective.modelId);
    const truth = images.map((i) => i.identity);
    const ours = mainFaces.map((f) => f?.personId ?? -1);
    const groupSizes = new Map<number, number>();
    for (const p of ours) if (p !== -1) groupSizes.set(p, (groupSizes.get(p) ?? 0) + 1);
    // The baseline clusters the same embeddings; a photo with no face stays unclustered for it too.
    const withFace = mainFaces.flatMap((f, i) => (f ? [{ i, vector: f.vector }] : []));
    const baseline = (eps: number) => {
      const labels = new Array<number>(images.length).fill(-1);
      const found = dbscan(
        withFace.map((f) => f.vector),
        { eps, minPts: DBSCAN_MIN_POINTS },
      ).labels;
      withFace.forEach((f, k) => (labels[f.i] = found[k]!));
      return { ...evaluateClustering(labels, truth), eps: Math.round(eps * 100) / 100, minPts: DBSCAN_MIN_POINTS };
    };
    let oracle = options.skipBaseline ? undefined : baseline(0.2);
    for (let eps = 0.22; oracle && eps <= 0.6 + 1e-9; eps += 0.02) {
      const r = baseline(eps);
      if (r.bcubed.f1 > oracle.bcubed.f1) oracle = r;
    }
    const grouped = ours.flatMap((p, i) => (p === -1 ? [] : [i]));
    return {
      images: images.length,
      identities: new Set(truth).size,
      batches,
      modelId: effective.modelId,
      threshold: effective.thresholds.verify,
      noFaceImages: mainFaces.filter((f) => f === null).length,
      coverage: ours.filter((p) => p !== -1).length / images.length,
      largestGroup: Math.max(0, ...groupSizes.values()),
      seconds: (performance.now() - started) / 1000,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      kindred: evaluateClustering(ours, truth),
      kindredGrouped: evaluateClustering(grouped.map((i) => ours[i]!), grouped.map((i) => truth[i]!)),
      ...(oracle ? { dbscan: baseline(effective.thresholds.verify), dbscanOracle: oracle } : {}),
    };
  } finally {
    library.close();
    if (options.keep === undefined) rmSync(work, { recursive: true, force: true });
  }
}

/** Image indices split into `batches` slices of a seeded random order (the same split on every run). */
function arrivalBatches(count: number, batches: number): number[][] {
  const order = shuffleInPlace(mulberry32(1), Array.from({ length: count }, (_, i) => i));
  return Array.from({ length: batches }, (_, b) => order.slice(Math.floor((b * count) / batches), Math.floor(((b + 1) * count) / batches)));
}

/** The largest face the scan found in each image (the person the folder is about), with its group and embedding. */
function mainFaceOfEachImage(library: Library, photosDir: string, images: { path: string }[], modelId: string) {
  const photoOf = new Map(library.photos.readableFiles().map((f) => [f.path, f.photoId]));
  const { embeddings, faces } = library;
  return images.map((image) => {
    const photoId = photoOf.get(join(photosDir, image.path));
    const found = photoId === undefined ? [] : faces.ofPhoto(photoId);
    const main = found.reduce<(typeof found)[number] | undefined>((best, f) => (!best || f.box.width * f.box.height > best.box.width * best.box.height ? f : best), undefined);
    const vector = main && embeddings.get(main.id, modelId);
    return main && vector ? { personId: main.personId, vector } : null;
  });
}
