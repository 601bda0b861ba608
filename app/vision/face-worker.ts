// A worker thread that owns ONNX Runtime sessions (detectors + one embedder) and analyses photos on request.
import { readFile } from 'node:fs/promises';
import { workerData, type TransferListItem } from 'node:worker_threads';
import sharp from 'sharp';
import { serveWorkerTasks } from '../workers/worker-task.js';
import { loadFaceDetectorModels } from './blazeface-specs.js';
import { decodeForAnalysis, FaceAnalyzer } from './face-analyzer.js';
import { FaceEmbedder } from './face-embedder.js';
import { FaceLandmarker } from './face-landmarker.js';
import { PHOTO_UNDECODABLE, type FaceTask, type FaceTaskResult, type FaceWorkerConfig } from './face-worker-protocol.js';
import { ModelRegistry } from './model-registry.js';
import { StageTimings } from '../shared/stage-timings.js';

const config = workerData as FaceWorkerConfig;
// One libvips thread per worker: the pool already runs one worker per core. No operation cache: no photo is decoded
// twice, and a cached 24-MP decode would hold tens of megabytes per worker.
sharp.concurrency(1);
sharp.cache(false);

let analyzer: Promise<FaceAnalyzer> | undefined;
function getAnalyzer(): Promise<FaceAnalyzer> {
  analyzer ??= (async () => {
    const registry = new ModelRegistry({
      executionProvider: config.executionProvider,
      intraOpNumThreads: config.intraOpNumThreads,
      ...(config.manifestPath ? { manifestPath: config.manifestPath } : {}),
    });
    // allSettled: never leave a session half-created behind a failure (terminating a worker mid-creation aborts).
    const [detector, embedder] = await Promise.allSettled([loadFaceDetectorModels(registry), registry.loadEmbedder(config.embedder)]);
    if (detector.status === 'rejected') throw detector.reason;
    if (embedder.status === 'rejected') throw embedder.reason;
    const chip = embedder.value.entry.faceChip;
    const landmarks = chip ? await registry.loadLandmarker(chip.landmarks) : null;
    return new FaceAnalyzer(
      detector.value,
      new FaceEmbedder(embedder.value.session, embedder.value.entry),
      landmarks ? new FaceLandmarker(landmarks.session, landmarks.entry) : null,
    );
  })();
  return analyzer;
}

/**
 * The photo's pixels. The file is read first, so that a failing disk or network share fails with its system code
 * (retried by the next scan), and only what the decoder refuses is reported as PHOTO_UNDECODABLE.
 */
async function decode(input: string | Uint8Array) {
  const bytes = typeof input === 'string' ? await readFile(input) : Buffer.from(input);
  try {
    return await decodeForAnalysis(bytes);
  } catch (error) {
    throw Object.assign(new Error(error instanceof Error ? error.message : String(error)), { code: PHOTO_UNDECODABLE });
  }
}

serveWorkerTasks<FaceTask, FaceTaskResult>(async (task) => {
  const face = await getAnalyzer();
  const timings = new StageTimings();
  const photo = await timings.time('decode', () => decode(task.input));
  switch (task.kind) {
    case 'analyse': {
      const { faces, detectorRuns } = await face.analyse(photo, task.minScore, timings);
      const result = { kind: 'analyse', modelId: face.modelId, width: photo.displayedWidth, height: photo.displayedHeight, faces, detectorRuns } as const;
      return {
        result: { ...result, timings: timings.snapshot() },
        transfer: faces.map((f) => f.embedding.buffer as TransferListItem),
      };
    }
    case 'embed-known': {
      const embeddings = await face.embedKnown(photo, task.faces);
      return { result: { kind: 'embeddings', modelId: face.modelId, embeddings }, transfer: embeddings.map((e) => e.buffer as TransferListItem) };
    }
    case 'embed-whole': {
      const embedding = await face.embedWholeImage(photo);
      return { result: { kind: 'embeddings', modelId: face.modelId, embeddings: [embedding] }, transfer: [embedding.buffer as TransferListItem] };
    }
  }
}, {
  // The models load when the worker starts: a worker that cannot load them never takes a task, and the pool gives up
  // after a few such starts in a row (with the reason) instead of failing every photo.
  setup: async () => void (await getAnalyzer()),
});
