// `npx tsx bench/gpu-bench.ts [--json]`: faces/s on the CUDA execution provider against the CPU, in one process.
// Run it through bench/gpu-check.sh, which installs ONNX Runtime's CUDA provider first. Two measurements:
//  - embedding alone (dlib ResNet) at batch 1, 16 and 64: the part of the pipeline a GPU speeds up most;
//  - the whole pipeline (decode → detect → align → embed, worker pool) on the bench photos.
// A CUDA provider that cannot start is an error, never a silent CPU run.
import { availableParallelism } from 'node:os';
import { FaceAnalysisPool } from '../app/vision/face-analysis-pool.js';
import type { ExecutionProviderName } from '../app/vision/execution-provider.js';
import { timeModels, type InferenceTiming } from './model-inference.js';
import { benchPhotos } from './pipeline-bench.js';

const EMBED_BATCHES = [1, 16, 64];

interface PipelineRun {
  provider: ExecutionProviderName;
  photos: number;
  faces: number;
  facesPerSecond: number;
}

async function pipelineFacesPerSecond(provider: ExecutionProviderName, paths: string[]): Promise<PipelineRun> {
  const pool = new FaceAnalysisPool({ embedder: 'accurate', executionProvider: provider });
  try {
    // Warm-up: each worker loads its sessions lazily (and CUDA initialises once per session).
    await Promise.all(Array.from({ length: pool.size }, () => pool.analyse(paths[0]!)));
    const started = performance.now();
    const counts = await Promise.all(paths.map(async (p) => (await pool.analyse(p)).faces.length));
    const faces = counts.reduce((a, b) => a + b, 0);
    return { provider, photos: paths.length, faces, facesPerSecond: faces / ((performance.now() - started) / 1000) };
  } finally {
    await pool.close();
  }
}

const facesPerSecond = (t: InferenceTiming) => 1000 / t.msPerImage;

const threads = availableParallelism();
const plan = [{ id: 'dlib-resnet-128', batches: EMBED_BATCHES }];
const cpuEmbed = await timeModels('cpu', plan, threads, 3000);
const gpuEmbed = await timeModels('cuda', plan, threads, 3000);
const { label, paths } = benchPhotos();
// The photo set is small: repeat it so the GPU run lasts long enough to measure.
const repeated = Array.from({ length: Math.max(1, Math.ceil(200 / paths.length)) }, () => paths).flat();
const cpuPipeline = await pipelineFacesPerSecond('cpu', repeated);
const gpuPipeline = await pipelineFacesPerSecond('cuda', repeated);

const embed = EMBED_BATCHES.map((batch) => {
  const cpu = cpuEmbed.find((t) => t.batch === batch)!;
  const gpu = gpuEmbed.find((t) => t.batch === batch)!;
  return { batch, cpuFacesPerSecond: facesPerSecond(cpu), cudaFacesPerSecond: facesPerSecond(gpu), ratio: facesPerSecond(gpu) / facesPerSecond(cpu) };
});
const result = {
  cpuThreads: threads,
  embed,
  pipeline: { photoSet: label, cpu: cpuPipeline, cuda: gpuPipeline, ratio: gpuPipeline.facesPerSecond / cpuPipeline.facesPerSecond },
};

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(`gpu: CUDA against CPU (${threads} threads), dlib ResNet 128-d`);
  for (const e of embed) {
    console.log(`  embed batch ${String(e.batch).padStart(2)}   CPU ${e.cpuFacesPerSecond.toFixed(0).padStart(6)} faces/s   CUDA ${e.cudaFacesPerSecond.toFixed(0).padStart(6)} faces/s   ${e.ratio.toFixed(2)}×`);
  }
  const p = result.pipeline;
  console.log(`  pipeline (${p.cpu.photos} photos, ${label})   CPU ${p.cpu.facesPerSecond.toFixed(1)} faces/s   CUDA ${p.cuda.facesPerSecond.toFixed(1)} faces/s   ${p.ratio.toFixed(2)}×`);
}
