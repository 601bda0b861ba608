// `npx tsx bench/quality-survey.ts LIBRARY_DIR [--match REGEX]`: the quality rule measured on a library built by
// `kindred eval cluster --keep DIR` (truth = the photo's folder). For the main face of each photo it recomputes the
// quality measurements from the stored landmarks (the crop is re-aligned, nothing is re-detected) and asks whether the
// face is usable: is its embedding nearer to its own person's other faces (mean direction, leaving it out) than to any
// other person's? It prints, per measurement bin, the share of faces and the share usable, and which rule leaves out
// what. A tool for choosing the thresholds in app/vision/face-quality.ts, not a test.
import { basename, dirname, join } from 'node:path';
import { Library } from '../app/db/library.js';
import { chosenEmbedder } from '../app/settings/chosen-embedder.js';
import { effectiveEmbedding } from '../app/workflows/apply-head.js';
import { alignFace, type AlignmentTemplate } from '../app/vision/face-aligner.js';
import { decodeForAnalysis } from '../app/vision/face-analyzer.js';
import { assessFaceQuality, earYaw, qualityIssues, type FaceQuality } from '../app/vision/face-quality.js';
import type { FaceLandmarks } from '../app/vision/face-detection.js';
import { addScaled, dot } from '../app/shared/vector-math.js';

const args = process.argv.slice(2);
const dir = args[0]!;
const matchAt = args.indexOf('--match');
const match = matchAt >= 0 ? new RegExp(args[matchAt + 1]!) : null;

const library = Library.open(join(dir, 'kindred.db'));
const entry = chosenEmbedder(library, {});
const effective = effectiveEmbedding(library, entry);
const vectors = new Map(library.faces.withEmbeddings(effective.modelId).map((f) => [f.id, f.vector]));
type Row = { truth: string; name: string; vector: Float32Array; q: FaceQuality & { earYaw: number }; stored: boolean };
const rows: Row[] = [];
let noFace = 0;
for (const file of library.photos.readableFiles()) {
  const name = basename(file.path);
  if (match && !match.test(name)) continue;
  const faces = library.faces.ofPhoto(file.photoId);
  const main = faces.reduce<(typeof faces)[number] | undefined>((b, f) => (!b || f.box.width * f.box.height > b.box.width * b.box.height ? f : b), undefined);
  const vector = main && vectors.get(main.id);
  if (!main || !vector || !main.landmarks) {
    noFace++;
    continue;
  }
  const photo = await decodeForAnalysis(file.path);
  const toDecoded = (p: [number, number]) => ({ x: p[0] / photo.scale, y: p[1] / photo.scale });
  const lm = Object.fromEntries(Object.entries(main.landmarks).map(([k, p]) => [k, toDecoded(p)])) as unknown as FaceLandmarks;
  const crop = await alignFace(photo.image, lm, entry.alignment as AlignmentTemplate);
  const displayed = Object.fromEntries(Object.entries(main.landmarks).map(([k, p]) => [k, { x: p[0], y: p[1] }])) as unknown as FaceLandmarks;
  const q = assessFaceQuality({ box: main.box, landmarks: displayed, score: main.detectorScore ?? 1 }, crop);
  rows.push({ truth: basename(dirname(file.path)), name, vector, q: { ...q, earYaw: earYaw(displayed) }, stored: main.lowQuality });
}
library.close();

// Usable: nearest person by leave-one-out mean direction is its own.
const sums = new Map<string, { sum: Float32Array; n: number }>();
for (const r of rows) {
  const s = sums.get(r.truth) ?? { sum: new Float32Array(r.vector.length), n: 0 };
  addScaled(s.sum, r.vector);
  s.n++;
  sums.set(r.truth, s);
}
const usable = rows.map((r) => {
  let best = '';
  let bestCos = -Infinity;
  for (const [person, s] of sums) {
    const sum = person === r.truth ? Float32Array.from(s.sum, (x, i) => x - r.vector[i]!) : s.sum;
    const n = person === r.truth ? s.n - 1 : s.n;
    if (n === 0) continue;
    const cos = dot(r.vector, sum) / Math.sqrt(Math.max(1e-12, dot(sum, sum)));
    if (cos > bestCos) {
      bestCos = cos;
      best = person;
    }
  }
  return best === r.truth;
});

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
console.log(`${rows.length} main faces (${noFace} photos without one), usable overall ${pct(usable.filter(Boolean).length / rows.length)}, stored low quality ${pct(rows.filter((r) => r.stored).length / rows.length)}`);
const report = (label: string, value: (q: FaceQuality & { earYaw: number }) => number, edges: number[]) => {
  console.log(`${label}:`);
  for (let b = 0; b <= edges.length; b++) {
    const lo = b === 0 ? -Infinity : edges[b - 1]!;
    const hi = b === edges.length ? Infinity : edges[b]!;
    const idx = rows.map((_, i) => i).filter((i) => value(rows[i]!.q) >= lo && value(rows[i]!.q) < hi);
    if (idx.length === 0) continue;
    console.log(`  [${lo}, ${hi})`.padEnd(22) + `faces ${String(idx.length).padStart(5)} (${pct(idx.length / rows.length).padStart(6)})  usable ${pct(idx.filter((i) => usable[i]).length / idx.length)}`);
  }
};
report('box width px', (q) => q.sizePx, [24, 32, 40, 60, 80, 100, 150]);
report('Laplacian variance', (q) => q.laplacianVariance, [10, 20, 30, 40, 60, 100, 200, 400]);
report('|yaw|', (q) => Math.abs(q.yaw), [0.15, 0.3, 0.45, 0.6, 0.75, 0.9, 1.2, 2]);
report('|ear yaw| (½·tan yaw)', (q) => Math.abs(q.earYaw), [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.2]);
report('detector score', (q) => q.detectorScore, [0.5, 0.6, 0.7, 0.8, 0.9]);
const small = (q: FaceQuality) => (q.sizePx < 120 ? q.laplacianVariance : NaN);
report('Laplacian variance, faces under 120 px', small, [10, 20, 30, 40, 60, 100, 200, 400]);
report('|yaw|, detector score ≥ 0.9', (q) => (q.detectorScore >= 0.9 ? Math.abs(q.yaw) : NaN), [0.15, 0.3, 0.45, 0.6, 0.75, 0.9, 1.2, 2]);
for (const issue of ['too-small', 'too-blurry', 'profile'] as const) {
  const idx = rows.map((_, i) => i).filter((i) => qualityIssues(rows[i]!.q).includes(issue));
  console.log(`rule ${issue.padEnd(10)} leaves out ${String(idx.length).padStart(5)} (${pct(idx.length / rows.length)}), usable among them ${idx.length ? pct(idx.filter((i) => usable[i]).length / idx.length) : '-'}`);
}
const out = rows.map((_, i) => i).filter((i) => qualityIssues(rows[i]!.q).length > 0);
const inn = rows.map((_, i) => i).filter((i) => qualityIssues(rows[i]!.q).length === 0);
console.log(`rule as a whole: leaves out ${pct(out.length / rows.length)} (usable among them ${out.length ? pct(out.filter((i) => usable[i]).length / out.length) : '-'}), usable among the rest ${pct(inn.filter((i) => usable[i]).length / inn.length)}`);
