import { describe, expect, it } from 'vitest';
import { EmbeddingRepository } from '../db/embedding-repository.js';
import { FaceRepository } from '../db/face-repository.js';
import { openDatabase } from '../db/open-database.js';
import { Repositories } from '../db/repositories.js';
import { bcubedPrecisionRecall } from '../eval/cluster-metrics.js';
import { FaceIndex } from '../index/face-index.js';
import { syntheticEmbeddings } from '../index/synthetic-embeddings.js';
import { insertPhotoWithFaces } from '../testing/face-fixtures.js';
import { updatePeople } from './people-grouping.js';

const MODEL = 'test-model';
const DIM = 128;
// The dlib model's thresholds (native-models/manifest.json). People lean together more than in cfp, so that one scan is
// not perfect (F1 ≈ 0.99) and arriving in batches has something to get wrong; 1 to 15 photos a person.
const thresholds = { verify: 0.4541, auto: 0.396 };
const set = syntheticEmbeddings({ count: 1000, dimensions: DIM, seed: 3, centreCosine: 0.9, withinCosine: [0.92, 0.97], maxPerIdentity: 15 });

/** Groups of the faces after scanning them in `batches` arrivals (one face per photo), as person id per face. */
async function groupInBatches(batches: number): Promise<number[]> {
  const db = openDatabase(':memory:');
  db.prepare(`INSERT INTO models (id, role, sha256, embedding_size, registered_at) VALUES (?, 'embedder', '', ?, 0)`).run(MODEL, DIM);
  const repositories = new Repositories(db);
  const embeddings = new EmbeddingRepository(db);
  const faceIds: number[] = [];
  const count = set.identities.length;
  for (let b = 0; b < batches; b++) {
    for (let i = Math.floor((b * count) / batches); i < Math.floor(((b + 1) * count) / batches); i++) {
      const [id] = insertPhotoWithFaces(db, `p${i}`, 1).faceIds;
      embeddings.put(id!, MODEL, set.vectors.slice(i * DIM, (i + 1) * DIM));
      faceIds.push(id!);
    }
    const index = await FaceIndex.build('/nonexistent-not-saved', MODEL, DIM, embeddings.all(MODEL, DIM));
    updatePeople(repositories, { modelId: MODEL, thresholds, index });
  }
  const faces = new FaceRepository(db);
  const groups = faceIds.map((id) => faces.get(id)!.personId ?? -1);
  db.close();
  return groups;
}

describe('updatePeople in batches', () => {
  it('groups photos scanned in 5 batches within 0.01 BCubed F1 of one scan', async () => {
    const truth = Array.from(set.identities);
    const once = bcubedPrecisionRecall(await groupInBatches(1), truth);
    const five = bcubedPrecisionRecall(await groupInBatches(5), truth);
    expect(once.f1).toBeGreaterThan(0.9);
    expect(Math.abs(once.f1 - five.f1)).toBeLessThanOrEqual(0.01);
    expect(five.precision).toBeGreaterThan(0.95);
  });
});
