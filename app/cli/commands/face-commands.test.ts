import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureModelBuilt } from '../../../native-models/model-build.js';
import { runCli } from '../../testing/run-cli.js';
import { fixturesDir, SHARED_FACES_SKIP, sharedFacesDir } from '../../testing/shared-faces.js';
import { makeTempDir } from '../../testing/temp-dir.js';

let dir: string;
let cleanup: () => void;
beforeAll(async () => {
  await ensureModelBuilt('accurate');
  ({ dir, cleanup } = makeTempDir());
  // A tiny labeled set from the public fixtures: two people, each also as a mirrored and a rescaled copy.
  for (const [name, file] of [['collins', 'astronaut.png'], ['hopper', 'grace_hopper_512x512.jpg']] as const) {
    await sharp(join(fixturesDir, file)).png().toFile(join(dir, `${name}-1.png`));
    await sharp(join(fixturesDir, file)).flop().png().toFile(join(dir, `${name}-2.png`));
    await sharp(join(fixturesDir, file)).resize(360).modulate({ brightness: 1.1 }).png().toFile(join(dir, `${name}-3.png`));
  }
});
afterAll(() => cleanup());

describe('kindred detect / verify / eval verify (CLI, real models)', () => {
  it('detect --json reports one face with landmarks; --draw writes an annotated picture', async () => {
    const out = join(dir, 'drawn.png');
    const r = await runCli(['detect', join(fixturesDir, 'astronaut.png'), '--json', '--draw', out]);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { faces: { landmarks: Record<string, unknown>; detectorScore: number }[] };
    expect(result.faces).toHaveLength(1);
    expect(Object.keys(result.faces[0]!.landmarks)).toEqual(expect.arrayContaining(['rightEye', 'leftEye', 'noseTip', 'mouthCenter']));
    expect(existsSync(out)).toBe(true);
  });

  it('verify says same for the same person and different for two people', async () => {
    const same = JSON.parse((await runCli(['verify', join(dir, 'collins-1.png'), join(dir, 'collins-2.png'), '--json'])).stdout);
    const different = JSON.parse((await runCli(['verify', join(dir, 'collins-1.png'), join(dir, 'hopper-1.png'), '--json'])).stdout);
    expect(same).toMatchObject({ same: true, model: 'dlib-resnet-128' });
    expect(different).toMatchObject({ same: false });
    expect(same.distance).toBeLessThan(different.distance);
  });

  it('eval verify --json prints exactly one JSON object with the LFW metrics', async () => {
    const rows = ['img_a,img_b,same'];
    for (const p of ['collins', 'hopper']) for (const [i, j] of [[1, 2], [1, 3], [2, 3]]) rows.push(`${p}-${i}.png,${p}-${j}.png,1`);
    for (let i = 1; i <= 3; i++) for (let j = 1; j <= 2; j++) rows.push(`collins-${i}.png,hopper-${j}.png,0`);
    writeFileSync(join(dir, 'pairs.csv'), rows.join('\n'));
    const r = await runCli(['eval', 'verify', '--root', dir, '--pairs', join(dir, 'pairs.csv'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { report: { meanAccuracy: number; auc: number; pairs: number }; noFace: { count: number } };
    expect(result.report.pairs).toBe(12);
    expect(result.report.auc).toBe(1);
    expect(result.noFace.count).toBe(0);
  });

  it.skipIf(!sharedFacesDir)(`eval verify on celeb5 reaches the model's published class of accuracy (${SHARED_FACES_SKIP} otherwise)`, async () => {
    const root = join(sharedFacesDir!, 'celeb5');
    const r = await runCli(['eval', 'verify', '--root', root, '--pairs', join(sharedFacesDir!, 'celeb5_pairs.csv'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { report: { meanAccuracy: number } };
    expect(result.report.meanAccuracy).toBeGreaterThan(0.95);
  }, 120_000);
});
