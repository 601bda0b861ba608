// People grouping at library scale on synthetic clustered embeddings with cfp's measured spread (two people's photos
// ≈ 0.58 apart on average, one person's ≈ 0.3; 1–300 photos a person): a full regroup of `size` faces, then 1,000 new
// faces arriving (the incremental update a scan runs), timed and scored (BCubed against the synthetic identities).
// The HNSW index is built before timing, as a library has it. Ratio: full regroup over the incremental update.
import { Repositories } from '../app/db/repositories.js';
import { EmbeddingRepository } from '../app/db/embedding-repository.js';
import { FaceRepository } from '../app/db/face-repository.js';
import { openDatabase } from '../app/db/open-database.js';
import { bcubedPrecisionRecall } from '../app/eval/cluster-metrics.js';
import { FaceIndex } from '../app/index/face-index.js';
import { syntheticEmbeddings } from '../app/index/synthetic-embeddings.js';
import { updatePeople } from '../app/people/people-grouping.js';
import { insertPhotoWithFaces } from '../app/testing/face-fixtures.js';

const MODEL = 'bench-model';
const DIM = 128;

export interface GroupingBenchResult {
  faces: number;
  people: number;
  newFaces: number;
  buildIndexSeconds: number;
  fullRegroupSeconds: number;
  fullRegroupGroups: number;
  cut: number;
  incrementalSeconds: number;
  bcubedAfterFull: { precision: number; recall: number; f1: number };
  bcubedAfterIncremental: { precision: number; recall: number; f1: number };
  coverage: number;
  peakRssMiB: number;
  fullOverIncremental: number;
}

export async function runGroupingBench(size = 100_000, newFaces = 1_000, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<GroupingBenchResult> {
  const set = syntheticEmbeddings({ count: size + newFaces, dimensions: DIM, seed: 11, centreCosine: 0.87, withinCosine: [0.94, 0.97], maxPerIdentity: 300 });
  const db = openDatabase(':memory:');
  db.prepare(`INSERT INTO models (id, role, sha256, embedding_size, registered_at) VALUES (?, 'embedder', '', ?, 0)`).run(MODEL, DIM);
  const repositories = new Repositories(db);
  const embeddings = new EmbeddingRepository(db);
  const faceIds: number[] = [];
  const insert = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const [id] = insertPhotoWithFaces(db, `p${i}`, 1).faceIds;
      embeddings.put(id!, MODEL, set.vectors.slice(i * DIM, (i + 1) * DIM));
      faceIds.push(id!);
    }
  });
  insert(0, size);
  log(`grouping bench: ${size} faces in SQLite`);
  let t = performance.now();
  const index = await FaceIndex.build('/nonexistent-not-saved', MODEL, DIM, embeddings.all(MODEL, DIM));
  const buildIndexSeconds = (performance.now() - t) / 1000;
  log(`grouping bench: HNSW built in ${buildIndexSeconds.toFixed(1)} s`);

  t = performance.now();
  const full = updatePeople(repositories, { modelId: MODEL, thresholds: { verify: 0.4541, auto: 0.396 }, index, full: true });
  const fullRegroupSeconds = (performance.now() - t) / 1000;
  const faces = new FaceRepository(db);
  const score = () => {
    const labels = faceIds.map((id) => faces.get(id)!.personId ?? -1);
    return { labels, bcubed: bcubedPrecisionRecall(labels, Array.from(set.identities.subarray(0, faceIds.length))) };
  };
  const afterFull = score();
  log(`grouping bench: full regroup ${fullRegroupSeconds.toFixed(1)} s, cut ${full.cut?.toFixed(3)}, F1 ${afterFull.bcubed.f1.toFixed(3)}`);

  insert(size, size + newFaces);
  for (const id of faceIds.slice(size)) index.add(id, embeddings.get(id, MODEL)!);
  t = performance.now();
  updatePeople(repositories, { modelId: MODEL, thresholds: { verify: 0.4541, auto: 0.396 }, index });
  const incrementalSeconds = (performance.now() - t) / 1000;
  const afterIncremental = score();
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  db.close();
  return {
    faces: size,
    people: new Set(set.identities).size,
    newFaces,
    buildIndexSeconds,
    fullRegroupSeconds,
    fullRegroupGroups: full.newGroups,
    cut: full.cut ?? NaN,
    incrementalSeconds,
    bcubedAfterFull: afterFull.bcubed,
    bcubedAfterIncremental: afterIncremental.bcubed,
    coverage: afterIncremental.labels.filter((l) => l !== -1).length / afterIncremental.labels.length,
    peakRssMiB,
    fullOverIncremental: fullRegroupSeconds / incrementalSeconds,
  };
}

export function formatGroupingBench(r: GroupingBenchResult): string {
  const prf = (x: { precision: number; recall: number; f1: number }) => `P ${x.precision.toFixed(3)} R ${x.recall.toFixed(3)} F1 ${x.f1.toFixed(3)}`;
  return [
    `grouping: ${r.faces} synthetic faces of ${r.people} people (cfp's spread), then ${r.newFaces} new faces`,
    `  full regroup        ${r.fullRegroupSeconds.toFixed(1)} s  ${r.fullRegroupGroups} groups at cut ${r.cut.toFixed(3)}  BCubed ${prf(r.bcubedAfterFull)}`,
    `  +${r.newFaces} faces         ${r.incrementalSeconds.toFixed(2)} s  BCubed ${prf(r.bcubedAfterIncremental)}  coverage ${(100 * r.coverage).toFixed(1)}%`,
    `  peak RSS            ${r.peakRssMiB.toFixed(0)} MiB (index built in ${r.buildIndexSeconds.toFixed(1)} s beforehand)`,
    `  ratio               ${r.fullOverIncremental.toFixed(1)}× (full regroup / incremental update)`,
  ].join('\n');
}
