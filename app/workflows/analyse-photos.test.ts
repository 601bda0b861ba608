import { copyFileSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureModelBuilt } from '../../native-models/model-build.js';
import { EmbeddingRepository } from '../db/embedding-repository.js';
import { addFolder } from '../library/library-folders.js';
import { Library } from '../db/library.js';
import { scanLibrary } from '../library/catalogue.js';
import { fixturesDir } from '../testing/shared-faces.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { analysePhotos } from './analyse-photos.js';
import { FaceAnalysisPool } from '../vision/face-analysis-pool.js';
import { loadManifest } from '../shared/model-manifest.js';

let library: Library;
let pool: FaceAnalysisPool;
let cleanup: () => void;

beforeAll(async () => {
  await ensureModelBuilt('accurate');
  const temp = makeTempDir();
  cleanup = temp.cleanup;
  const photos = join(temp.dir, 'photos');
  mkdirSync(photos);
  for (const f of ['astronaut.png', 'grace_hopper_512x512.jpg', 'coffee.png', 'truncated.jpg']) copyFileSync(join(fixturesDir, f), join(photos, f));
  copyFileSync(join(fixturesDir, 'astronaut.png'), join(photos, 'astronaut-copy.png'));
  library = Library.open(join(temp.dir, 'data', 'k.db'));
  await addFolder(library, photos);
  await scanLibrary(library);
  pool = new FaceAnalysisPool({ embedder: 'accurate', executionProvider: 'cpu', workers: 2 });
});
afterAll(async () => {
  await pool.close();
  library.close();
  cleanup();
});

describe('analysePhotos', () => {
  it('stores each face with its embedding and model id; copies are analysed once; rescans skip', async () => {
    const manifest = loadManifest();
    const first = await analysePhotos(library, pool, manifest, 'dlib-resnet-128');
    // astronaut (and its copy: one photo), grace hopper, coffee; the truncated file never became a photo.
    expect(first).toMatchObject({ photos: 3, faces: 2, failed: 0 });
    expect(first.photoIds).toHaveLength(3);
    const stored = new EmbeddingRepository(library.db).all('dlib-resnet-128', 128);
    expect(stored.faceIds).toHaveLength(2);
    const faces = library.db.prepare('SELECT detector_id, quality, low_quality, landmarks FROM faces').all() as { landmarks: string }[];
    expect(faces).toHaveLength(2);
    expect(Object.keys(JSON.parse(faces[0]!.landmarks))).toContain('rightEye');
    const eyes = library.db.prepare('SELECT eye_openness FROM faces').pluck().all() as (number | null)[];
    expect(eyes.every((e) => e !== null && e > 0.2)).toBe(true);
    expect(await analysePhotos(library, pool, manifest, 'dlib-resnet-128')).toEqual({ photos: 0, faces: 0, failed: 0, retryLater: 0, photoIds: [], reembedded: 0, recipeChange: null });
  });

  it("retries a photo whose file could not be read on the next run; a file that does not decode is recorded for good", async () => {
    const temp = makeTempDir();
    const photos = join(temp.dir, 'photos');
    mkdirSync(photos);
    copyFileSync(join(fixturesDir, 'astronaut.png'), join(photos, 'on-a-share.png'));
    copyFileSync(join(fixturesDir, 'grace_hopper_512x512.jpg'), join(photos, 'corrupt.jpg'));
    const lib = Library.open(join(temp.dir, 'data', 'k.db'));
    try {
      await addFolder(lib, photos);
      await scanLibrary(lib);
      const [shared, corrupt] = lib.db.prepare('SELECT photo_id FROM files ORDER BY path DESC').pluck().all() as number[];
      // Catalogued, then: the share drops out (the file cannot be read, for now), and the other file is damaged.
      renameSync(join(photos, 'on-a-share.png'), join(temp.dir, 'away.png'));
      copyFileSync(join(fixturesDir, 'truncated.jpg'), join(photos, 'corrupt.jpg'));
      const manifest = loadManifest();

      const first = await analysePhotos(lib, pool, manifest, 'dlib-resnet-128');
      expect(first).toMatchObject({ photos: 0, failed: 2, retryLater: 1 });
      expect(lib.analyses.failure(shared!, 'dlib-resnet-128')).toMatchObject({ retry: true, error: expect.stringMatching(/ENOENT/) });
      expect(lib.analyses.failure(corrupt!, 'dlib-resnet-128')).toMatchObject({ retry: false, error: expect.stringMatching(/JPEG|premature|corrupt/i) });
      expect(lib.analyses.countPending('dlib-resnet-128')).toBe(1);

      // The share is back: the next run analyses that photo (and finds the face); the damaged one is not tried again.
      renameSync(join(temp.dir, 'away.png'), join(photos, 'on-a-share.png'));
      const second = await analysePhotos(lib, pool, manifest, 'dlib-resnet-128');
      expect(second).toMatchObject({ photos: 1, faces: 1, failed: 0, photoIds: [shared] });
      expect(lib.analyses.failure(shared!, 'dlib-resnet-128')).toBeUndefined();
      expect(await analysePhotos(lib, pool, manifest, 'dlib-resnet-128')).toMatchObject({ photos: 0, failed: 0 });
    } finally {
      lib.close();
      temp.cleanup();
    }
  });

  it('fails with the reason when the workers cannot start, and records nothing against the photos', async () => {
    const temp = makeTempDir();
    const photos = join(temp.dir, 'photos');
    mkdirSync(photos);
    copyFileSync(join(fixturesDir, 'astronaut.png'), join(photos, 'astronaut.png'));
    copyFileSync(join(fixturesDir, 'coffee.png'), join(photos, 'coffee.png'));
    const lib = Library.open(join(temp.dir, 'data', 'k.db'));
    // Its workers fail while loading their models, every time.
    const broken = new FaceAnalysisPool({ embedder: 'no-such-model', executionProvider: 'cpu', workers: 2 });
    try {
      await addFolder(lib, photos);
      await scanLibrary(lib);
      await expect(analysePhotos(lib, broken, loadManifest(), 'dlib-resnet-128')).rejects.toThrow(/failed to start 3 times in a row: .*no-such-model/);
      expect(lib.analyses.countPending('dlib-resnet-128')).toBe(2);
    } finally {
      await broken.close();
      lib.close();
      temp.cleanup();
    }
  });
});
