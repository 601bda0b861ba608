import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir, sharedFacesDir } from '../app/testing/shared-faces.js';
import { ensureModelBuilt } from '../native-models/model-build.js';
import { FaceAnalysisPool } from '../app/vision/face-analysis-pool.js';
import { FaceEmbedder } from '../app/vision/face-embedder.js';
import { ModelRegistry } from '../app/vision/model-registry.js';
import { FaceApiPeer } from './face-api-peer.js';
import type { RgbImage } from '../app/vision/rgb-image.js';

export interface PipelineBenchResult {
  photoSet: string;
  photos: number;
  kindred: { photosPerSecond: number; facesPerSecond: number; faces: number; peakRssMb: number };
  faceApi: { photosPerSecond: number; facesPerSecond: number; faces: number; peakRssMb: number; backend: string };
  photosPerSecondRatio: number;
  embedOnlyFacesPerSecond: number;
}

function listImages(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listImages(path);
    return /\.(jpe?g|png)$/i.test(name) ? [path] : [];
  });
}

/** The photos both pipelines run on: ../shared/faces groups + celeb5 when present, the public fixtures otherwise. */
export function benchPhotos(): { label: string; paths: string[] } {
  if (sharedFacesDir) {
    return { label: '../shared/faces groups + celeb5', paths: [...listImages(join(sharedFacesDir, 'groups')), ...listImages(join(sharedFacesDir, 'celeb5'))] };
  }
  return { label: 'public fixtures', paths: listImages(fixturesDir).filter((p) => !p.includes('truncated')) };
}

/** Runs `fn`, sampling the process's RSS (worker threads included) for its peak. */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peakRssMb: number; seconds: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  try {
    const value = await fn();
    return { value, peakRssMb: peak / 2 ** 20, seconds: (performance.now() - started) / 1000 };
  } finally {
    clearInterval(timer);
  }
}

/** Kindred's pipeline (worker pool, one worker per core) against face-api on TensorFlow.js wasm, same photos. */
export async function runPipelineBench(): Promise<PipelineBenchResult> {
  await ensureModelBuilt('accurate');
  const { label, paths } = benchPhotos();

  const ours = await withPeakRss(async () => {
    const pool = new FaceAnalysisPool({ embedder: 'accurate', executionProvider: 'cpu' });
    try {
      await pool.analyse(paths[0]!); // warm-up: sessions load lazily in each worker
      await pool.analyse(paths[1] ?? paths[0]!);
      const started = performance.now();
      const counts = await Promise.all(paths.map(async (p) => (await pool.analyse(p)).faces.length));
      return { faces: counts.reduce((a, b) => a + b, 0), seconds: (performance.now() - started) / 1000 };
    } finally {
      await pool.close();
    }
  });

  const peer = await withPeakRss(async () => {
    const faceApi = await FaceApiPeer.load();
    await faceApi.analyse(paths[0]!);
    const started = performance.now();
    let faces = 0;
    for (const p of paths) faces += await faceApi.analyse(p);
    return { faces, seconds: (performance.now() - started) / 1000, backend: faceApi.backend };
  });

  // Embedding alone: batches of 16 aligned crops through ONNX Runtime on the calling thread.
  const registry = new ModelRegistry({ executionProvider: 'cpu' });
  const model = await registry.loadEmbedder('accurate');
  const embedder = new FaceEmbedder(model.session, model.entry);
  const crop: RgbImage = { width: 150, height: 150, data: new Uint8Array(150 * 150 * 3).map((_, i) => (i * 31) & 255) };
  const crops = Array.from({ length: 16 }, () => crop);
  await embedder.embed(crops);
  const embedStarted = performance.now();
  const rounds = 8;
  for (let i = 0; i < rounds; i++) await embedder.embed(crops);
  const embedOnlyFacesPerSecond = (rounds * crops.length) / ((performance.now() - embedStarted) / 1000);
  await registry.dispose();

  const kindred = {
    photosPerSecond: paths.length / ours.value.seconds,
    facesPerSecond: ours.value.faces / ours.value.seconds,
    faces: ours.value.faces,
    peakRssMb: ours.peakRssMb,
  };
  const faceApi = {
    photosPerSecond: paths.length / peer.value.seconds,
    facesPerSecond: peer.value.faces / peer.value.seconds,
    faces: peer.value.faces,
    peakRssMb: peer.peakRssMb,
    backend: peer.value.backend,
  };
  return { photoSet: label, photos: paths.length, kindred, faceApi, photosPerSecondRatio: kindred.photosPerSecond / faceApi.photosPerSecond, embedOnlyFacesPerSecond };
}
