// `npx tsx bench/grouping-batches.ts LIBRARY_DIR [NAME_REGEX] [1,5]`: replays the main face of each photo of a library kept
// by `kindred eval cluster --keep DIR` (embeddings and quality flags, ear-yaw profiles applied) through updatePeople,
// in one arrival and in N (seeded order), and scores the groups against the folders: seconds instead of a rescan.
import { join, basename, dirname } from 'node:path';
import { Library } from '../app/db/library.js';
import { Repositories } from '../app/db/repositories.js';
import { EmbeddingRepository } from '../app/db/embedding-repository.js';
import { FaceRepository } from '../app/db/face-repository.js';
import { openDatabase } from '../app/db/open-database.js';
import { evaluateClustering } from '../app/eval/cluster-metrics.js';
import { FaceIndex } from '../app/index/face-index.js';
import { updatePeople } from '../app/people/people-grouping.js';
import { insertPhotoWithFaces } from '../app/testing/face-fixtures.js';
import { chosenEmbedder } from '../app/settings/chosen-embedder.js';
import { effectiveEmbedding } from '../app/workflows/apply-head.js';
import { mulberry32, shuffleInPlace } from '../app/shared/seeded-random.js';
import { earYaw } from '../app/vision/face-quality.js';
const [dir, matchS, batchesS] = process.argv.slice(2);
const match = matchS ? new RegExp(matchS) : null;
const lib = Library.open(join(dir!, 'kindred.db'));
const eff = effectiveEmbedding(lib, chosenEmbedder(lib, {}));
const vec = new Map(lib.faces.withEmbeddings(eff.modelId).map((f) => [f.id, f]));
const items: { v: Float32Array; t: string; lq: boolean }[] = [];
for (const file of lib.photos.readableFiles()) {
  if (match && !match.test(basename(file.path))) continue;
  const m = lib.faces.ofPhoto(file.photoId).sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)[0];
  const v = m && vec.get(m.id);
  const L = m?.landmarks && Object.fromEntries(Object.entries(m.landmarks).map(([k, p]) => [k, { x: p[0], y: p[1] }]));
  const ear = L ? Math.abs(earYaw(L as never)) > 0.5 : false;
  if (v) items.push({ v: v.vector, t: basename(dirname(file.path)), lq: m!.lowQuality || ear });
}
lib.close();
shuffleInPlace(mulberry32(1), items);
const thresholds = eff.thresholds;
for (const batches of (batchesS ?? '1,5').split(',').map(Number)) {
  const db = openDatabase(':memory:');
  db.prepare(`INSERT INTO models (id, role, sha256, embedding_size, registered_at) VALUES (?, 'embedder', '', ?, 0)`).run('m', 128);
  const repos = new Repositories(db);
  const emb = new EmbeddingRepository(db);
  const ids: number[] = [];
  const cuts: string[] = [];
  for (let b = 0; b < batches; b++) {
    for (let i = Math.floor((b * items.length) / batches); i < Math.floor(((b + 1) * items.length) / batches); i++) {
      const [id] = insertPhotoWithFaces(db, `p${i}`, 1).faceIds;
      if (items[i]!.lq) db.prepare('UPDATE faces SET low_quality = 1 WHERE id = ?').run(id);
      emb.put(id!, 'm', items[i]!.v);
      ids.push(id!);
    }
    const index = await FaceIndex.build('/nonexistent', 'm', 128, emb.all('m', 128));
    const s = updatePeople(repos, { modelId: 'm', thresholds, index });
    cuts.push(`${s.cut?.toFixed(3)}`);
  }
  const faces = new FaceRepository(db);
  const labels = ids.map((id) => faces.get(id)!.personId ?? -1);
  const e = evaluateClustering(labels, items.map((x) => x.t));
  console.log(`${batches} batch(es): P ${e.bcubed.precision.toFixed(3)} R ${e.bcubed.recall.toFixed(3)} F1 ${e.bcubed.f1.toFixed(3)} groups ${e.clusterCount} cov ${(1 - e.unclusteredCount / ids.length).toFixed(3)} cuts ${cuts.join(' ')}`);
}
