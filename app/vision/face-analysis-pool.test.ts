import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureModelBuilt } from '../../native-models/model-build.js';
import { fixturesDir } from '../testing/shared-faces.js';
import { FaceAnalysisPool } from './face-analysis-pool.js';
import { PHOTO_UNDECODABLE } from './face-worker-protocol.js';
import { EYES_OPEN } from './frame-quality.js';

const distance = (a: Float32Array, b: Float32Array) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0));

let pool: FaceAnalysisPool;
beforeAll(async () => {
  await ensureModelBuilt('accurate');
  pool = new FaceAnalysisPool({ embedder: 'accurate', executionProvider: 'cpu', workers: 2 });
});
afterAll(() => pool.close());

describe('FaceAnalysisPool (real models in worker threads)', () => {
  it('finds, aligns and embeds the face of a portrait: a unit 128-d vector, geometry in photo pixels', async () => {
    const result = await pool.analyse(join(fixturesDir, 'astronaut.png'));
    expect(result).toMatchObject({ modelId: 'dlib-resnet-128', width: 512, height: 512 });
    expect(result.faces).toHaveLength(1);
    const face = result.faces[0]!;
    expect(face.embedding).toHaveLength(128);
    expect(Math.hypot(...face.embedding)).toBeCloseTo(1, 5);
    expect(face.box.x).toBeGreaterThan(150);
    expect(face.box.x + face.box.width).toBeLessThan(300);
    expect(face.landmarks.rightEye.x).toBeLessThan(face.landmarks.leftEye.x); // subject's right eye on the image's left
    expect(face.lowQuality).toBe(false);
    // The landmark stage's 68 points also measure the eyes (open: above the culling ramp's top).
    expect(face.eyeOpenness).toBeGreaterThan(EYES_OPEN);
  });

  it('the same person is close (a mirrored, rescaled copy) and different people are far', async () => {
    const astronaut = join(fixturesDir, 'astronaut.png');
    const mirrored = await sharp(astronaut).flop().resize(700).png().toBuffer();
    const [a, b, c] = await Promise.all([pool.analyse(astronaut), pool.analyse(new Uint8Array(mirrored)), pool.analyse(join(fixturesDir, 'grace_hopper_512x512.jpg'))]);
    const same = distance(a.faces[0]!.embedding, b.faces[0]!.embedding);
    const different = distance(a.faces[0]!.embedding, c.faces[0]!.embedding);
    // dlib's descriptors have norm ≈ 1.4; on the unit sphere its usual 0.6 threshold becomes ≈ 0.42.
    expect(same).toBeLessThan(0.25);
    expect(different).toBeGreaterThan(0.4);
    // Box of the 700-px copy is reported in that copy's pixels.
    expect(b.width).toBe(700);
  });

  it('finds no face in a photo without one, and reports a corrupt file as an error', async () => {
    expect((await pool.analyse(join(fixturesDir, 'coffee.png'))).faces).toEqual([]);
    await expect(pool.analyse(join(fixturesDir, 'truncated.jpg'))).rejects.toThrow(/JPEG|premature|corrupt/i);
  });

  it("tells a file that does not decode from one that could not be read (the next scan's business)", async () => {
    await expect(pool.analyse(join(fixturesDir, 'truncated.jpg'))).rejects.toMatchObject({ code: PHOTO_UNDECODABLE });
    await expect(pool.analyse(join(fixturesDir, 'no-such-photo.jpg'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('re-embeds known faces and a whole tight crop consistently with detection', async () => {
    const astronaut = join(fixturesDir, 'astronaut.png');
    const analysed = (await pool.analyse(astronaut)).faces[0]!;
    const [again] = await pool.embedKnown(astronaut, [{ box: analysed.box, landmarks: analysed.landmarks }]);
    expect(distance(again!, analysed.embedding)).toBeLessThan(1e-4);
    const b = analysed.box;
    const crop = await sharp(astronaut).extract({ left: Math.round(b.x), top: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) }).png().toBuffer();
    const whole = await pool.embedWholeImage(new Uint8Array(crop));
    expect(whole).toHaveLength(128);
  });
});
