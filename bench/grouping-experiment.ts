// `npx tsx bench/grouping-experiment.ts LIBRARY_DIR [--match REGEX] [--all-quality]`: scores grouping candidates on
// the stored embeddings of a library built by `kindred eval cluster --keep DIR` (truth = the photo's folder), in
// seconds instead of a rescan. A tool for choosing rules, not a test.
import { join, basename, dirname } from 'node:path';
import { Library } from '../app/db/library.js';
import { evaluateClustering } from '../app/eval/cluster-metrics.js';
import { chosenEmbedder } from '../app/settings/chosen-embedder.js';
import { effectiveEmbedding } from '../app/workflows/apply-head.js';
import { graphAverageLinkage } from '../app/people/graph-average-linkage.js';
import { impostorModel, linkageCut } from '../app/people/impostor-model.js';
import { dot } from '../app/shared/vector-math.js';
import { dbscan } from '../app/people/dbscan.js';
import { earYaw } from '../app/vision/face-quality.js';
import type { FaceLandmarks } from '../app/vision/face-detection.js';
const maxEarYaw = Number(process.env['EARYAW'] ?? Infinity);

const args = process.argv.slice(2);
const dir = args[0]!;
const matchAt = args.indexOf('--match');
const match = matchAt >= 0 ? new RegExp(args[matchAt + 1]!) : null;
const allQuality = args.includes('--all-quality');

const library = Library.open(join(dir, 'kindred.db'));
const effective = effectiveEmbedding(library, chosenEmbedder(library, {}));
const vectors = new Map(library.faces.withEmbeddings(effective.modelId).map((f) => [f.id, f]));
type Row = { faceId: number; photoId: number; truth: string; vector: Float32Array; lowQuality: boolean; stored: number; width: number; quality: number };
const rows: Row[] = [];
for (const file of library.photos.readableFiles()) {
  if (match && !match.test(basename(file.path))) continue;
  const faces = library.faces.ofPhoto(file.photoId);
  const main = faces.reduce<(typeof faces)[number] | undefined>((b, f) => (!b || f.box.width * f.box.height > b.box.width * b.box.height ? f : b), undefined);
  const v = main && vectors.get(main.id);
  if (!main || !v) {
    rows.push({ faceId: -1, photoId: file.photoId, truth: basename(dirname(file.path)), vector: new Float32Array(0), lowQuality: true, stored: -1, width: 0, quality: 0 });
    continue;
  }
  const lm = main.landmarks && (Object.fromEntries(Object.entries(main.landmarks).map(([k, p]) => [k, { x: p[0], y: p[1] }])) as unknown as FaceLandmarks);
  const profile = lm ? Math.abs(earYaw(lm)) > maxEarYaw : false;
  rows.push({ faceId: main.id, photoId: file.photoId, truth: basename(dirname(file.path)), vector: v.vector, lowQuality: main.lowQuality || profile, stored: main.personId ?? -1, width: main.box.width, quality: main.quality ?? 0 });
}
library.close();
const truth = rows.map((r) => r.truth);
const n = rows.length;
const lq = rows.filter((r) => r.lowQuality).length;
console.log(`${n} photos, ${new Set(truth).size} people, low quality or no face ${lq} (${((100 * lq) / n).toFixed(1)}%)`);
const show = (name: string, labels: ArrayLike<number>) => {
  const e = evaluateClustering(labels, truth);
  let grouped = 0;
  const sizes = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]! < 0) continue;
    grouped++;
    sizes.set(labels[i]!, (sizes.get(labels[i]!) ?? 0) + 1);
  }
  // BCubed of the faces that are in a group.
  const inIdx = [...Array(labels.length).keys()].filter((i) => labels[i]! >= 0);
  const eIn = evaluateClustering(inIdx.map((i) => labels[i]!), inIdx.map((i) => truth[i]!));
  const f = (x: number) => x.toFixed(3);
  console.log(
    `${name.padEnd(34)} P ${f(e.bcubed.precision)} R ${f(e.bcubed.recall)} F1 ${f(e.bcubed.f1)}  cov ${f(grouped / n)}  groups ${sizes.size} largest ${Math.max(0, ...sizes.values())}  in-group P ${f(eIn.bcubed.precision)} F1 ${f(eIn.bcubed.f1)}`,
  );
  return e;
};
show('stored (the scan)', rows.map((r) => r.stored));

const use = rows.map((_, i) => i).filter((i) => rows[i]!.faceId >= 0 && (allQuality || !rows[i]!.lowQuality));
const vecs = use.map((i) => rows[i]!.vector);
const m = vecs.length;
// Exact k-NN graph (brute force: fine for a few thousand faces).
const K = Number(process.env['K'] ?? 10);
const t0 = performance.now();
const edges: [number, number][] = [];
const allD: Float32Array[] = [];
for (let a = 0; a < m; a++) {
  const d = new Float32Array(m);
  for (let b = 0; b < m; b++) d[b] = Math.sqrt(Math.max(0, 2 - 2 * dot(vecs[a]!, vecs[b]!)));
  d[a] = Infinity;
  const order = [...d.keys()].sort((x, y) => d[x]! - d[y]!).slice(0, K);
  for (const b of order) edges.push([a, b]);
  if (a % 7 === 0) allD.push(d);
}
console.log(`kNN graph k=${K} on ${m} faces: ${((performance.now() - t0) / 1000).toFixed(1)} s`);

// Impostor model estimated from the library itself (no truth), and the truth's impostor/genuine distances for reference.
const model0 = impostorModel(vecs, { seed: 1 });
console.log(`pair-spread model: ${JSON.stringify(model0)}`);
const model = impostorModel(vecs, { seed: 1, nearest: (i) => edges[i * K]![1] });
console.log(`impostor model from the library: ${JSON.stringify(model)}`);
const imp: number[] = [];
const gen: number[] = [];
for (let a = 0; a < m; a += 7) {
  const d = allD[a / 7]!;
  for (let b = 0; b < m; b++) if (b !== a) (truth[use[a]!] === truth[use[b]!] ? gen : imp).push(d[b]!);
}
imp.sort((x, y) => x - y);
gen.sort((x, y) => x - y);
const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!.toFixed(3);
console.log(`truth impostor d: mean ${(imp.reduce((s, x) => s + x, 0) / imp.length).toFixed(3)} q1e-4 ${q(imp, 1e-4)} q1e-3 ${q(imp, 1e-3)} q1e-2 ${q(imp, 0.01)} median ${q(imp, 0.5)}; genuine median ${q(gen, 0.5)} q90 ${q(gen, 0.9)}`);

const cluster = (cut: number, minSize = 2) => {
  const label = graphAverageLinkage(vecs.map((v) => ({ sum: v, count: 1 })), edges, { maxDistance: cut });
  const size = new Map<number, number>();
  for (const l of label) size.set(l, (size.get(l) ?? 0) + 1);
  const out = new Array<number>(n).fill(-1);
  use.forEach((i, k) => (out[i] = size.get(label[k]!)! >= minSize ? label[k]! : -1));
  return out;
};
const groupsAt = (cut: number, countSingletons: boolean) => {
  const label = graphAverageLinkage(vecs.map((v) => ({ sum: v, count: 1 })), edges, { maxDistance: cut });
  const size = new Map<number, number>();
  for (const l of label) size.set(l, (size.get(l) ?? 0) + 1);
  return [...size.values()].filter((s) => countSingletons || s >= 2).length;
};
for (const eps of [0.01, 0.02, 0.05, 0.1]) {
  for (const singles of [false]) {
    let cut = 0.396;
    const trace: string[] = [];
    for (let it = 0; it < 3; it++) {
      const g = groupsAt(cut, singles);
      cut = linkageCut(model, g, { expectedWrong: eps * g });
      trace.push(`G ${g} → ${cut.toFixed(3)}`);
    }
    show(`eps ${eps} ${singles ? '+1s' : '≥2'} cut ${cut.toFixed(3)}`, cluster(cut));
    console.log('   ', trace.join(', '));
  }
}
if (!process.env['NOSWEEP']) for (let cut = Number(process.env['FROM'] ?? 0.34); cut <= Number(process.env['TO'] ?? 0.44) + 1e-9; cut += 0.01) show(`avg-link cut ${cut.toFixed(2)}`, cluster(cut));


if (process.env['DBSCAN']) {
  // The baseline as `kindred eval cluster` runs it: every main face (quality aside), minPts 3, eps swept in hindsight.
  const all = rows.map((_, i) => i).filter((i) => rows[i]!.faceId >= 0);
  let best: { eps: number; f1: number; labels: number[] } | undefined;
  for (let eps = 0.2; eps <= 0.6 + 1e-9; eps += 0.02) {
    const found = dbscan(all.map((i) => rows[i]!.vector), { eps, minPts: 3 }).labels;
    const labels = new Array<number>(n).fill(-1);
    all.forEach((i, k) => (labels[i] = found[k]!));
    const f1 = evaluateClustering(labels, truth).bcubed.f1;
    if (!best || f1 > best.f1) best = { eps, f1, labels };
  }
  show(`DBSCAN oracle eps ${best!.eps.toFixed(2)}`, best!.labels);
}
