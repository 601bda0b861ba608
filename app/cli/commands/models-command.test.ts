import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureModelBuilt } from '../../../native-models/model-build.js';
import { ModelRegistry } from '../../vision/model-registry.js';
import { collectModelRows, formatModelsTable, registerModelsCommand, type ModelRow } from './models-command.js';

const registry = new ModelRegistry({ executionProvider: 'cpu', intraOpNumThreads: 1 });

beforeAll(async () => {
  for (const id of ['blazeface-front-128', 'blazeface-back-256', 'dlib-resnet-128']) await ensureModelBuilt(id);
});
afterAll(() => registry.dispose());

describe('kindred models', () => {
  it('describes every model with the provider its session really uses', async () => {
    const rows = await collectModelRows(registry);
    expect(rows.map((r) => r.id)).toEqual(['blazeface-front-128', 'blazeface-back-256', 'dlib-resnet-128', 'mobilefacenet-192', 'face-landmark-68']);
    expect(rows[4]).toMatchObject({ role: 'landmarks', input: '112x112x3 NHWC RGB', outputSize: 136, licence: 'MIT' });
    expect(rows[2]).toMatchObject({
      role: 'embedder',
      alias: 'accurate',
      default: true,
      input: '150x150x3 NHWC RGB',
      outputSize: 128,
      built: true,
      provider: 'cpu',
      error: null,
      licence: 'MIT',
      source: '@vladmandic/face-api@1.7.15',
    });
    expect(rows[1]).toMatchObject({ role: 'detector', input: '256x256x3 NHWC RGB', provider: 'cpu', licence: 'Apache-2.0' });
    const fast = rows[3]!;
    if (!fast.built) expect(fast).toMatchObject({ provider: null, error: 'not built: run npm run models' });
  });

  it('prints an aligned table with the default marked and problems listed under it', () => {
    const row: ModelRow = {
      id: 'x-1', role: 'embedder', alias: 'fast', default: true, input: '112x112x3 NHWC RGB', outputSize: 192, built: true,
      provider: 'cpu', fallbackReason: 'cuda: Failed to load shared library', error: null, licence: 'MIT', source: 'p@1', file: '/f',
    };
    const text = formatModelsTable([row, { ...row, id: 'y-2', default: false, built: false, provider: null, fallbackReason: null, error: 'not built' }]);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^model\s+role\s+alias\s+input\s+output\s+provider\s+licence\s+source$/);
    expect(lines[2]).toMatch(/^x-1 \*\s+embedder\s+fast\s+112x112x3 NHWC RGB\s+192\s+cpu\s+MIT\s+p@1$/);
    expect(lines[3]).toMatch(/^y-2\s+embedder .* not built /);
    expect(text).toContain('x-1: fell back to cpu (cuda: Failed to load shared library)');
    expect(text).toContain('y-2: not built');
  });

  it('registers `models --json` on a commander program', async () => {
    const program = new Command('kindred').exitOverride();
    registerModelsCommand(program);
    const printed: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((s: unknown) => void printed.push(String(s)));
    try {
      await program.parseAsync(['models', '--json', '--provider', 'cpu', '--threads', '1'], { from: 'user' });
    } finally {
      spy.mockRestore();
    }
    const rows = JSON.parse(printed.join('\n')) as ModelRow[];
    expect(rows.find((r) => r.id === 'blazeface-front-128')).toMatchObject({ provider: 'cpu', outputSize: 896, alias: 'front' });
    await expect(program.parseAsync(['models', '--provider', 'tpu'], { from: 'user' })).rejects.toThrow(/unknown execution provider "tpu"/);
  });
});
