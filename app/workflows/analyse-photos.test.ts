import { copyFileSync, mkdirSync } from 'node:fs';
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
    expect(await analysePhotos(library, pool, manifest, 'dlib-resnet-128')).toEqual({ photos: 0, faces: 0, failed: 0, photoIds: [] });
  });
});
