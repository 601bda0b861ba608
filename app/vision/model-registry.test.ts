import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as ort from './onnx-runtime.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureModelBuilt } from '../../native-models/model-build.js';
import { defaultManifestPath, type ModelManifest } from '../shared/model-manifest.js';
import { ModelRegistry } from './model-registry.js';

let frontPath: string;
const registries: ModelRegistry[] = [];
const make = (...args: ConstructorParameters<typeof ModelRegistry>): ModelRegistry => {
  const r = new ModelRegistry(...args);
  registries.push(r);
  return r;
};

beforeAll(async () => {
  frontPath = await ensureModelBuilt('blazeface-front-128');
  await ensureModelBuilt('dlib-resnet-128');
});
afterAll(async () => {
  await Promise.all(registries.map((r) => r.dispose()));
});

/** A copy of the real manifest in a temp folder, edited; `file` paths are rewritten relative to it. */
function tempManifest(edit: (m: ModelManifest, dir: string) => void): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-registry-'));
  const m = JSON.parse(readFileSync(defaultManifestPath, 'utf8')) as ModelManifest;
  edit(m, dir);
  const path = join(dir, 'manifest.json');
  writeFileSync(path, JSON.stringify(m));
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('ModelRegistry', () => {
  it('creates a CPU session on first use, once, and exposes its tensors', async () => {
    const registry = make({ executionProvider: 'cpu', intraOpNumThreads: 2 });
    expect(registry.peek('front')).toBeNull();
    const [a, b] = await Promise.all([registry.load('front'), registry.load('blazeface-front-128')]);
    expect(a).toBe(b);
    expect(registry.peek('front')).toBe(a);
    expect(a.providerInUse).toBe('cpu');
    expect(a.fallbackReason).toBeNull();
    expect(a.path).toBe(frontPath);
    expect(a.inputs).toEqual([{ name: 'input:0', type: 'float32', dims: [1, 128, 128, 3] }]);
    expect(a.outputs.map((o) => `${o.name}:${o.dims.join('x')}`)).toEqual([
      'Identity:0:1x512x1',
      'Identity_1:0:1x384x1',
      'Identity_2:0:1x512x16',
      'Identity_3:0:1x384x16',
    ]);
    const result = await a.session.run({ 'input:0': new ort.Tensor('float32', new Float32Array(128 * 128 * 3), [1, 128, 128, 3]) });
    expect(result['Identity_2:0']!.dims).toEqual([1, 512, 16]);
  });

  it('defaults to one thread per core and gives the default embedder with a symbolic batch', async () => {
    const registry = make({ executionProvider: 'cpu' });
    expect(registry.intraOpNumThreads).toBe(availableParallelism());
    const embedder = await registry.loadEmbedder();
    expect(embedder.entry.id).toBe('dlib-resnet-128');
    expect(embedder.inputs[0]!.dims).toEqual(['batch', 150, 150, 3]);
    expect(embedder.outputs[0]).toEqual({ name: 'embedding', type: 'float32', dims: ['batch', 128] });
    await expect(registry.loadDetector('accurate')).rejects.toThrow(/dlib-resnet-128 is not a detector/);
  });

  it.skipIf(process.platform === 'win32')('falls back to CPU when DirectML cannot initialise, keeping the reason', async () => {
    const model = await make({ executionProvider: 'dml', intraOpNumThreads: 1 }).load('front');
    expect(model.providerInUse).toBe('cpu');
    expect(model.fallbackReason).toMatch(/^dml: .+/);
  });

  it('auto uses an accelerator this ORT build offers, else CPU with the reason', async () => {
    const model = await make({ executionProvider: 'auto', intraOpNumThreads: 1 }).load('back');
    const offered = ort.listSupportedBackends().map((b) => b.name);
    const accelerator = { linux: ['cuda'], win32: ['cuda', 'dml'], darwin: ['coreml'] }[process.platform as string] ?? [];
    const tried = accelerator.filter((p) => offered.includes(p));
    if (model.providerInUse === 'cpu' && tried.length > 0) expect(model.fallbackReason).toMatch(new RegExp(`^${tried[0]}: `));
    if (tried.length === 0) expect(model.fallbackReason).toBeNull();
  });

  it('says to run npm run models when a file is missing or its hash is wrong', async () => {
    const t = tempManifest((m, dir) => {
      m.models[0]!.file = 'build/missing.onnx';
      m.models[1]!.file = relative(dir, frontPath); // the front model's bytes under the back model's hash
    });
    try {
      const registry = make({ manifestPath: t.path, executionProvider: 'cpu' });
      expect(registry.isBuilt('front')).toBe(false);
      await expect(registry.load('front')).rejects.toThrow(/missing\.onnx does not exist; run npm run models/);
      await expect(registry.load('back')).rejects.toThrow(/has sha256 d388b1cf.*expects 427cbbe0.*run npm run models/);
    } finally {
      t.cleanup();
    }
  });
});
