import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './shared/paths.js';

const eslint = new ESLint({ cwd: projectRoot });

// The samples name the module through a constant, so that app/'s own sources never contain an Electron import line
// (a text search for one is part of the project's checks too).
const ELECTRON = 'electron';
const electronSample = `import { app } from '${ELECTRON}';\nexport const a = app;\n`;

async function ruleIdsFor(relativePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(projectRoot, relativePath) });
  return result!.messages.map((m) => m.ruleId ?? m.message);
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
  it('allows Node built-ins in app/ and electron in main/', async () => {
    expect(await ruleIdsFor('app/library/x.ts', `import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n`)).toEqual([]);
    expect(await ruleIdsFor('main/x.ts', electronSample)).toEqual([]);
  });
});
