import { ESLint } from 'eslint';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './shared/paths.js';

const eslint = new ESLint({ cwd: projectRoot });

// The samples name the module through a constant, so that app/'s own sources never contain an Electron import line
// (a text search for one is part of the project's checks too).
const ELECTRON = 'electron';
const electronSample = `import { app } from '${ELECTRON}';\nexport const a = app;\n`;
// Likewise, so that app/vision/onnx-runtime.ts stays the only file with an ONNX Runtime import line.
const ONNX_RUNTIME = 'onnxruntime-node';
const onnxRuntimeSample = `import * as ort from '${ONNX_RUNTIME}';\nexport const o = ort;\n`;

async function messagesFor(relativePath: string, code: string): Promise<{ ruleId: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: join(projectRoot, relativePath) });
  return result!.messages.map(({ ruleId, message }) => ({ ruleId, message }));
}

async function ruleIdsFor(relativePath: string, code: string): Promise<string[]> {
  return (await messagesFor(relativePath, code)).map((m) => m.ruleId ?? m.message);
}

describe('runtime boundaries are enforced by the linter', () => {
  it('fails an electron import under app/', async () => {
    expect(await ruleIdsFor('app/library/x.ts', electronSample)).toContain('no-restricted-imports');
  });
  it('fails a Node built-in under renderer/', async () => {
    expect(await ruleIdsFor('renderer/src/x.ts', `import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n`)).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIdsFor('renderer/src/y.ts', `import path from 'path';\nexport const p = path;\n`)).toContain('no-restricted-imports');
  });
  it('fails an onnxruntime-node import anywhere but app/vision/onnx-runtime.ts, saying it is about telemetry', async () => {
    for (const path of ['app/vision/x.ts', 'app/index/x.test.ts', 'bench/x.ts', 'native-models/onnx/x.test.ts', 'main/x.ts', 'e2e/x.ts']) {
      expect(await messagesFor(path, onnxRuntimeSample), path).toContainEqual({
        ruleId: 'no-restricted-imports',
        message: expect.stringMatching(/app\/vision\/onnx-runtime\.ts.*telemetry/),
      });
    }
    expect(await ruleIdsFor('app/vision/onnx-runtime.ts', onnxRuntimeSample)).toEqual([]);
    // The door keeps app/'s other boundaries.
    expect(await ruleIdsFor('app/vision/onnx-runtime.ts', electronSample)).toContain('no-restricted-imports');
  });
  it('allows Node built-ins in app/ and electron in main/', async () => {
    expect(await ruleIdsFor('app/library/x.ts', `import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n`)).toEqual([]);
    expect(await ruleIdsFor('main/x.ts', electronSample)).toEqual([]);
  });
});

// Each sample imports a real file, so that the import resolves (`./x.js` to x.ts) and the rule has a target to judge:
// an import that resolves to nothing would pass whatever the floors say.
const importing = (...paths: string[]) => paths.map((path, i) => `import * as m${i} from '${path}';\nexport const e${i} = m${i};\n`).join('');
const FLOORS_RULE = 'boundaries/dependencies';

describe('the floors of STYLE.md are enforced by the linter, arrows only pointing down', () => {
  it('samples import files that exist (otherwise the passing cases below would pass for nothing)', () => {
    const targets = ['people/dbscan', 'db/face-repository', 'workflows/mark-face', 'vision/face-quality', 'workers/worker-pool'];
    targets.push('shared/vector-math', 'index/face-index', 'settings/settings-schema', 'settings/settings-store');
    targets.push('api/contract/jobs-contract', 'api/contract/api-error', 'testing/temp-dir');
    for (const target of targets) expect(existsSync(join(projectRoot, 'app', `${target}.ts`)), target).toBe(true);
  });
  it('fails an upward import', async () => {
    expect(await ruleIdsFor('app/db/x.ts', importing('../people/dbscan.js'))).toContain(FLOORS_RULE);
    expect(await ruleIdsFor('app/shared/x.ts', importing('../db/face-repository.js'))).toContain(FLOORS_RULE);
    expect(await ruleIdsFor('app/people/x.ts', importing('../workflows/mark-face.js'))).toContain(FLOORS_RULE);
  });
  it('fails a sideways import that would make a cycle', async () => {
    expect(await ruleIdsFor('app/library/x.ts', importing('../vision/face-quality.js'))).toContain(FLOORS_RULE);
    expect(await ruleIdsFor('app/index/x.ts', importing('../people/dbscan.js'))).toContain(FLOORS_RULE);
    expect(await ruleIdsFor('app/db/x.ts', importing('../workers/worker-pool.js'))).toContain(FLOORS_RULE);
  });
  it('passes a downward import, skipping floors or not, and the few sideways edges the config allows', async () => {
    expect(await ruleIdsFor('app/workflows/x.ts', importing('../people/dbscan.js', '../db/face-repository.js'))).toEqual([]);
    expect(await ruleIdsFor('app/cli/x.ts', importing('../vision/face-quality.js', '../shared/vector-math.js'))).toEqual([]);
    expect(await ruleIdsFor('app/db/x.ts', importing('../shared/vector-math.js'))).toEqual([]);
    expect(await ruleIdsFor('app/people/x.ts', importing('../index/face-index.js'))).toEqual([]);
  });
  it('keeps the contract browser-safe: zod and the browser-safe settings files, no Node built-in, no other app folder', async () => {
    expect(await ruleIdsFor('app/api/contract/x.ts', importing('zod', '../../settings/settings-schema.js'))).toEqual([]);
    expect(await ruleIdsFor('app/api/contract/x.ts', importing('node:fs'))).toContain(FLOORS_RULE);
    expect(await ruleIdsFor('app/api/contract/x.ts', importing('path'))).toContain(FLOORS_RULE);
    expect(await ruleIdsFor('app/api/contract/x.ts', importing('../../settings/settings-store.js'))).toContain(FLOORS_RULE);
    expect(await ruleIdsFor('app/api/contract/x.ts', importing('../../shared/vector-math.js'))).toContain(FLOORS_RULE);
  });
  it("lets a floor below the use cases import only the contract's types", async () => {
    const types = `import type { JobSnapshotDto } from '../api/contract/jobs-contract.js';\nexport type J = JobSnapshotDto;\n`;
    expect(await ruleIdsFor('app/jobs/x.ts', types)).toEqual([]);
    expect(await ruleIdsFor('app/jobs/x.ts', importing('../api/contract/api-error.js'))).toContain(FLOORS_RULE);
    expect(await ruleIdsFor('app/api/service/x.ts', importing('../contract/api-error.js'))).toEqual([]);
  });
  it('lets only test files import app/testing', async () => {
    expect(await ruleIdsFor('app/library/x.ts', importing('../testing/temp-dir.js'))).toContain(FLOORS_RULE);
    expect(await ruleIdsFor('app/library/x.test.ts', importing('../testing/temp-dir.js', 'vitest'))).toEqual([]);
    // A test file otherwise keeps its folder's floor.
    expect(await ruleIdsFor('app/library/x.test.ts', importing('../vision/face-quality.js'))).toContain(FLOORS_RULE);
  });
});

describe('all SQL lives in app/db, enforced by the linter', () => {
  const SQL_RULE = 'no-restricted-syntax';
  const typeImport = `import type { Database } from 'better-sqlite3';\n`;
  const sqlSamples = [
    `${typeImport}export const f = (db: Database) => db.prepare('SELECT id FROM people').all();\n`,
    `${typeImport}export const f = (db: Database) => db.exec(\`DELETE FROM people\`);\n`,
    `${typeImport}export const f = (db: Database) => db.pragma('user_version', { simple: true });\n`,
    `import Sqlite from 'better-sqlite3';\nexport const open = () => new Sqlite(':memory:');\n`,
  ];
  it('fails SQL, and opening better-sqlite3, outside app/db', async () => {
    for (const path of ['app/people/x.ts', 'app/workflows/x.ts', 'app/api/service/x.ts']) {
      for (const code of sqlSamples) expect(await ruleIdsFor(path, code), `${path}: ${code}`).toContain(SQL_RULE);
    }
  });
  it('passes the same code in app/db and in tests, and type-only imports and regex exec anywhere', async () => {
    for (const path of ['app/db/x.ts', 'app/people/x.test.ts']) {
      for (const code of sqlSamples) expect(await ruleIdsFor(path, code), `${path}: ${code}`).toEqual([]);
    }
    expect(await ruleIdsFor('app/people/x.ts', `${typeImport}export type D = Database;\n`)).toEqual([]);
    expect(await ruleIdsFor('app/people/x.ts', `export const year = (s: string) => /\\d{4}/.exec(s);\n`)).toEqual([]);
  });
});
