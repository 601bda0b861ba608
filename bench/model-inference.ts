// `npx tsx bench/model-inference.ts [--threads N] [--json]`: per-image inference time of each built model on CPU
// (ONNX Runtime, N intra-op threads, default 2), median over repeated runs on a fixed pseudo-random input. The dlib
// ResNet is timed at batch 1 (the baseline) and batch 8; the ratio says what batching buys per image. The detectors
// are timed as the registry loads them (padded to the CPU's channel block, app/vision/nchwc-padding.ts) and as their
// files are (the baseline).
// bench/gpu-bench.ts reuses it with another execution provider and larger batches.
import { fileURLToPath } from 'node:url';
import * as ort from '../app/vision/onnx-runtime.js';
import type { ExecutionProviderName } from '../app/vision/execution-provider.js';
import { ModelRegistry, ortSessionOptions } from '../app/vision/model-registry.js';
import { ensureModelBuilt } from '../native-models/model-build.js';

/** One measured configuration. */
export interface InferenceTiming {
  model: string;
  /** The provider that ran it (a requested accelerator that could not start is an error, not a silent CPU run). */
  provider: ExecutionProviderName;
  batch: number;
  runs: number;
  /** Median wall time of one run divided by the batch size. */
  msPerImage: number;
}

/** Result of the benchmark. */
export interface ModelInferenceBenchResult {
  threads: number;
  timings: InferenceTiming[];
  /** dlib per-image time at batch 8 / at batch 1. */
  dlibBatch8OverBatch1: number;
  /** Each detector's time as the registry loads it / as its file is. */
  detectorLayout: Array<{ model: string; fileMs: number; loadedMs: number; ratio: number }>;
}

function pseudoRandom(length: number, seed = 1): Float32Array {
  const out = new Float32Array(length);
  let s = seed;
  for (let i = 0; i < length; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}

async function time(session: ort.InferenceSession, input: string, dims: number[], budgetMs: number): Promise<{ runs: number; medianMs: number }> {
  const feeds = { [input]: new ort.Tensor('float32', pseudoRandom(dims.reduce((a, b) => a * b, 1)), dims) };
  for (let i = 0; i < 3; i++) await session.run(feeds); // warm-up: allocations, kernel selection
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < 5 || (performance.now() - started < budgetMs && samples.length < 200)) {
    const t0 = performance.now();
    await session.run(feeds);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { runs: samples.length, medianMs: samples[Math.floor(samples.length / 2)]! };
}

/** Which models to time, at which batch sizes. */
export type InferencePlan = Array<{ id: string; batches: number[] }>;

/** The default plan: BlazeFace 128 and 256 at batch 1, both embedders at batch 1 and 8. */
const CPU_PLAN: InferencePlan = [
  { id: 'blazeface-front-128', batches: [1] },
  { id: 'blazeface-back-256', batches: [1] },
  { id: 'dlib-resnet-128', batches: [1, 8] },
  { id: 'mobilefacenet-192', batches: [1, 8] },
];

/** Times each model of the plan on one execution provider; throws when that provider cannot load a model. */
export async function timeModels(provider: ExecutionProviderName, plan: InferencePlan, threads: number, budgetMs: number): Promise<InferenceTiming[]> {
  for (const { id } of plan) await ensureModelBuilt(id);
  const registry = new ModelRegistry({ executionProvider: provider, intraOpNumThreads: threads });
  const timings: InferenceTiming[] = [];
  try {
    for (const { id, batches } of plan) {
      const model = await registry.load(id);
      if (model.providerInUse !== provider) throw new Error(`${id}: ${provider} did not start (${model.fallbackReason})`);
      const input = model.inputs[0]!;
      for (const batch of batches) {
        const dims = input.dims.map((d, i) => (typeof d === 'number' ? (i === 0 ? batch : d) : batch));
        if (dims[0] !== batch) continue; // fixed batch-1 models (BlazeFace) are only timed at batch 1
        const { runs, medianMs } = await time(model.session, input.name, dims, budgetMs);
        timings.push({ model: id, provider, batch, runs, msPerImage: medianMs / batch });
      }
    }
  } finally {
    await registry.dispose();
  }
  return timings;
}

/** Measures the default plan on CPU. */
export async function runModelInferenceBench(threads = 2, budgetMs = 3000): Promise<ModelInferenceBenchResult> {
  const timings = await timeModels('cpu', CPU_PLAN, threads, budgetMs);
  const dlib = (b: number) => timings.find((t) => t.model === 'dlib-resnet-128' && t.batch === b)!.msPerImage;
  const detectorLayout = [];
  for (const model of ['blazeface-front-128', 'blazeface-back-256']) {
    const loadedMs = timings.find((t) => t.model === model)!.msPerImage;
    const session = await ort.InferenceSession.create(await ensureModelBuilt(model), ortSessionOptions('cpu', threads));
    const input = session.inputMetadata[0]!;
    const dims = 'shape' in input ? input.shape.map(Number) : [];
    const fileMs = (await time(session, session.inputNames[0]!, dims, budgetMs)).medianMs;
    await session.release();
    detectorLayout.push({ model, fileMs, loadedMs, ratio: loadedMs / fileMs });
  }
  return { threads, timings, dlibBatch8OverBatch1: dlib(8) / dlib(1), detectorLayout };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const threadsAt = args.indexOf('--threads');
  const threads = threadsAt >= 0 ? Number(args[threadsAt + 1]) : 2;
  const result = await runModelInferenceBench(threads);
  if (args.includes('--json')) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    console.log(`model inference, CPU, ${result.threads} intra-op threads (median per image)`);
    for (const t of result.timings) {
      console.log(`  ${t.model.padEnd(20)} batch ${String(t.batch).padEnd(2)} ${t.msPerImage.toFixed(2).padStart(7)} ms/image  (${t.runs} runs)`);
    }
    console.log(`  ratio dlib batch 8 / batch 1 per image: ${result.dlibBatch8OverBatch1.toFixed(2)}×`);
    for (const d of result.detectorLayout) console.log(`  ratio ${d.model} as loaded / as its file: ${d.ratio.toFixed(2)}× (${d.loadedMs.toFixed(2)} / ${d.fileMs.toFixed(2)} ms)`);
  }
}
