import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { onnx as OnnxNamespace } from 'onnx-proto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession, Tensor } from './onnx-runtime.js';
import { ensureModelBuilt } from '../../native-models/model-build.js';
import { fixturesDir } from '../testing/shared-faces.js';
import { faceDetectorEntries } from './blazeface-specs.js';
import { fillDetectorInput } from './detector-input.js';
import { padChannelsForNchwc } from './nchwc-padding.js';
import { decodeRgbImage, resizeRgbImage } from './rgb-image.js';

const { onnx } = createRequire(import.meta.url)('onnx-proto') as { onnx: typeof OnnxNamespace };
const options = { logSeverityLevel: 3 as const, intraOpNumThreads: 1 };

async function outputs(model: string | Uint8Array, input: Float32Array, size: number): Promise<Float32Array[]> {
  const session = await createSession(model, options);
  const result = await session.run({ [session.inputNames[0]!]: new Tensor('float32', input, [1, size, size, 3]) });
  const out = session.outputNames.map((name) => result[name]!.data as Float32Array);
  await session.release();
  return out;
}

/** Channel counts (dim 0 and 1) of every Conv weight of a model. */
function convChannels(bytes: Uint8Array): Array<{ out: number; in: number; head: boolean }> {
  const graph = onnx.ModelProto.decode(bytes).graph!;
  const weights = new Map(graph.initializer!.map((t) => [t.name!, t.dims!.map(Number)]));
  const readers = (name: string) => graph.node!.filter((n) => n.input!.includes(name));
  return graph
    .node!.filter((n) => n.opType === 'Conv')
    .map((n) => {
      const [out, inputs] = weights.get(n.input![1]!)!;
      return { out: out!, in: inputs!, head: readers(n.output![0]!).some((r) => r.opType === 'Transpose') };
    });
}

describe('padChannelsForNchwc on the BlazeFace detectors', () => {
  const detectors = faceDetectorEntries();
  const inputs = new Map<number, Float32Array>();
  beforeAll(async () => {
    const photo = await decodeRgbImage(join(fixturesDir, 'grace_hopper_512x512.jpg'));
    for (const size of [128, 256]) {
      const small = await resizeRgbImage(photo, size, size);
      inputs.set(size, fillDetectorInput(small, 0, 0, size, { mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] }));
    }
  });

  for (const entry of [detectors.front, detectors.back]) {
    for (const block of [8, 16]) {
      it(`${entry.id}, block ${block}: every inner channel count is a multiple of the block, no Concat is left, and the outputs are the original's`, async () => {
        const path = await ensureModelBuilt(entry.id);
        const original = readFileSync(path);
        const padded = padChannelsForNchwc(original, block);
        expect(padded).not.toBeNull();
        for (const conv of convChannels(padded!)) {
          if (conv.in > 3) expect(conv.in % block).toBe(0);
          if (!conv.head) expect(conv.out % block).toBe(0);
        }
        expect(onnx.ModelProto.decode(padded!).graph!.node!.some((n) => n.opType === 'Concat')).toBe(false);

        const size = entry.input.width;
        const input = inputs.get(size)!;
        const want = await outputs(path, input, size);
        const got = await outputs(padded!, input, size);
        expect(got.map((o) => o.length)).toEqual(want.map((o) => o.length));
        // Same function, summed in another order: float rounding only (relative to the value: regressors are pixels).
        let worst = 0;
        want.forEach((w, k) => w.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - got[k]![i]!) / (1 + Math.abs(v))))));
        expect(worst).toBeLessThan(1e-4);
      });
    }
  }

  it('leaves a graph with an op it does not handle alone (null): the 68-point landmark net', async () => {
    const path = await ensureModelBuilt('face-landmark-68');
    expect(padChannelsForNchwc(readFileSync(path), 16)).toBeNull();
  });

  it('refuses a block below 2', async () => {
    const path = await ensureModelBuilt(detectors.back.id);
    expect(padChannelsForNchwc(readFileSync(path), 1)).toBeNull();
  });
});
