import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureModelBuilt } from '../../../native-models/model-build.js';
import { runCli } from '../../testing/run-cli.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { writeVariantLibrary } from '../../testing/variant-library.js';

let dir: string;
let cleanup: () => void;
let photos: { collins: string[]; hopper: string[] };
let db: string;
beforeAll(async () => {
  await ensureModelBuilt('accurate');
  ({ dir, cleanup } = makeTempDir());
  photos = await writeVariantLibrary(join(dir, 'photos'));
  db = join(dir, 'data', 'kindred.db');
  const scan = await runCli(['--db', db, 'scan', join(dir, 'photos'), '--json']);
  expect(scan.code, scan.stderr).toBe(0);
}, 60_000);
afterAll(() => cleanup());

describe('kindred scan → people → search (CLI, real pipeline)', () => {
  it('scan finds the faces and groups them into one group per person', async () => {
    const r = await runCli(['--db', db, 'people', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { people: { name: string | null; faceCount: number }[]; unknownFaces: number };
    expect(result.people.map((p) => p.faceCount)).toEqual([3, 3]);
    expect(result.unknownFaces).toBe(0);
  });

  it('a full re-cluster gives the same groups', async () => {
    const r = await runCli(['--db', db, 'people', '--recluster', '--json']);
    expect(JSON.parse(r.stdout).people.map((p: { faceCount: number }) => p.faceCount)).toEqual([3, 3]);
  });

  it('search --face ranks the same person\'s photos first', async () => {
    const r = await runCli(['--db', db, 'search', '--face', photos.collins[0]!, '--k', '4', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const results = (JSON.parse(r.stdout) as { results: { path: string; distance: number }[] }).results;
    expect(results.slice(0, 3).map((x) => x.path).sort()).toEqual([...photos.collins].sort());
    expect(results[3]!.path).toMatch(/hopper/);
  });
});
