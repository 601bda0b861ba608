// The whole scan a user runs, on photos at the sizes users have, against the JavaScript peer on the same cores.
// Kindred: `kindred scan`'s code path (runJob → runLibraryScan) in a fresh process and library per run, start-up
// measured apart (a one-photo scan); the peer (face-api, TF.js wasm): one process per Kindred worker, models loaded and
// warmed up before its clock starts. The two never run at once; the peer runs first on every set, then Kindred.
import { fork, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureModelBuilt } from '../native-models/model-build.js';
import { fixturesDir, sharedFacesDir } from '../app/testing/shared-faces.js';
import { benchPhotoSets, linearitySet, listImages, type PhotoSet, type SetSizes } from './bench-photo-sets.js';
import type { KindredScanReport, KindredScanRequest } from './kindred-scan-process.js';
import type { PeerReply, PeerRequest } from './face-api-peer-process.js';
import type { StageTotals } from '../app/shared/stage-timings.js';

export interface PipelineBenchOptions {
  /** Sized sets to run (default: 3 MP ×3, 12 MP ×2, 24 MP ×1 copies of each group photo). */
  sizes?: readonly SetSizes[];
  /** Photos in the linearity run (0: none). */
  linearCount: number;
  linearMegapixels: number;
}

export interface PipelineSetResult {
  label: string;
  source: string;
  photos: number;
  megapixels: number;
  kindred: {
    /** Start-up excluded: (photos − 1) / (full scan − one-photo scan). */
    photosPerSecond: number;
    facesPerSecond: number;
    /** Photos per CPU-second (start-up excluded the same way): robust to other work on the machine. */
    photosPerCpuSecond: number;
    /** The whole command, start-up included. */
    wholeSeconds: number;
    startupSeconds: number;
    faces: number;
    failed: number;
    peakRssMb: number;
    timings: StageTotals;
  };
  peer: { photosPerSecond: number; photosPerCpuSecond: number; facesPerSecond: number; faces: number; processes: number; peakRssMb: number; backend: string };
  /** Kindred / peer photos per second (wall clock), and per CPU-second. */
  ratio: number;
  cpuRatio: number;
}

export interface LinearityResult {
  label: string;
  photos: number;
  seconds: number;
  peakRssMb: number;
  /** Photos per second in each tenth of the faces phase, and the catalogue phase. */
  facesDeciles: number[];
  catalogueDeciles: number[];
  rssDecilesMb: number[];
}

export interface PipelineBenchResult {
  workers: number;
  sets: PipelineSetResult[];
  linearity: LinearityResult | null;
}

const script = (name: string): string => fileURLToPath(new URL(name, import.meta.url));
const forkTs = (name: string): ChildProcess => fork(script(name), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });

/** One `kindred scan` of `folder` in a fresh process and library. */
function kindredScan(folder: string): Promise<KindredScanReport> {
  const dataDir = join(tmpdir(), `kindred-bench-scan-${process.pid}-${Date.now()}`);
  const child = forkTs('./kindred-scan-process.ts');
  return new Promise<KindredScanReport>((resolve, reject) => {
    child.once('message', (report) => resolve(report as KindredScanReport));
    child.once('exit', (code) => reject(new Error(`kindred scan process exited with ${code}`)));
    child.send({ folder, dataDir } satisfies KindredScanRequest);
  }).finally(() => rmSync(dataDir, { recursive: true, force: true }));
}

/** A folder holding one photo of the set: its scan is the start-up (plus one photo). */
function onePhotoFolder(set: PhotoSet): string {
  const dir = join(tmpdir(), `kindred-bench-one-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(set.paths[0]!, join(dir, basename(set.paths[0]!)));
  return dir;
}

function nextMessage(child: ChildProcess): Promise<PeerReply> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`face-api peer exited with ${code}`));
    child.once('exit', onExit);
    child.once('message', (m) => {
      child.off('exit', onExit);
      resolve(m as PeerReply);
    });
  });
}

/** The peer on `paths` with `processes` processes sharing one queue; its clock starts once every process is warm. */
async function peerRun(paths: readonly string[], processes: number): Promise<PipelineSetResult['peer']> {
  const children = Array.from({ length: processes }, () => forkTs('./face-api-peer-process.ts'));
  try {
    await Promise.all(children.map((c) => nextMessage(c)));
    const warm = await Promise.all(children.map((c) => (c.send({ warmUp: paths[0]! } satisfies PeerRequest), nextMessage(c))));
    let next = 0;
    let faces = 0;
    const started = performance.now();
    await Promise.all(
      children.map(async (c) => {
        for (let i = next++; i < paths.length; i = next++) {
          c.send({ path: paths[i]! } satisfies PeerRequest);
          const reply = await nextMessage(c);
          if ('faces' in reply) faces += reply.faces;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const ends = await Promise.all(children.map((c) => (c.send({ done: true } satisfies PeerRequest), nextMessage(c))));
    const peakRssMb = ends.reduce((sum, e) => sum + ('peakRssMb' in e ? e.peakRssMb : 0), 0);
    const backend = ends.map((e) => ('backend' in e ? e.backend : '?'))[0] ?? '?';
    const cpu = (replies: PeerReply[]): number => replies.reduce((sum, r) => sum + ('cpuSeconds' in r ? r.cpuSeconds : 0), 0);
    const cpuSeconds = cpu(ends) - cpu(warm);
    return { photosPerSecond: paths.length / seconds, photosPerCpuSecond: paths.length / cpuSeconds, facesPerSecond: faces / seconds, faces, processes, peakRssMb, backend };
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill();
  }
}

async function runSet(set: PhotoSet, megapixels: number, workers: number): Promise<PipelineSetResult> {
  const peer = await peerRun(set.paths, workers);
  const startup = await kindredScan(onePhotoFolder(set));
  const full = await kindredScan(set.dir);
  const steadySeconds = Math.max(1e-3, full.seconds - startup.seconds);
  const kindred = {
    photosPerSecond: (full.photos - 1) / steadySeconds,
    photosPerCpuSecond: (full.photos - 1) / Math.max(1e-3, full.cpuSeconds - startup.cpuSeconds),
    facesPerSecond: (full.faces - startup.faces) / steadySeconds,
    wholeSeconds: full.seconds,
    startupSeconds: startup.seconds,
    faces: full.faces,
    failed: full.failed,
    peakRssMb: full.peakRssMb,
    timings: full.timings,
  };
  return { label: set.label, source: set.source, photos: set.paths.length, megapixels, kindred, peer, ratio: kindred.photosPerSecond / peer.photosPerSecond, cpuRatio: kindred.photosPerCpuSecond / peer.photosPerCpuSecond };
}

/** Photos per second in each tenth of a phase, from the progress trace. */
function deciles(trace: KindredScanReport['trace'], phase: string): number[] {
  const points = trace.filter((t) => t.phase === phase);
  if (points.length < 2) return [];
  const total = points.at(-1)!.done;
  const timeAt = (done: number): number => {
    const i = points.findIndex((p) => p.done >= done);
    const b = points[i]!;
    const a = points[Math.max(0, i - 1)]!;
    return b.done === a.done ? b.at : a.at + ((done - a.done) / (b.done - a.done)) * (b.at - a.at);
  };
  return Array.from({ length: 10 }, (_, k) => {
    const from = (total * k) / 10;
    const to = (total * (k + 1)) / 10;
    return (to - from) / Math.max(1e-3, timeAt(to) - timeAt(from));
  });
}

async function runLinearity(count: number, megapixels: number): Promise<LinearityResult> {
  const set = await linearitySet(count, megapixels);
  const report = await kindredScan(set.dir);
  const faces = report.trace.filter((t) => t.phase === 'faces');
  const rssDecilesMb = Array.from({ length: 10 }, (_, k) => {
    const total = faces.at(-1)?.done ?? 0;
    const inDecile = faces.filter((t) => t.done > (total * k) / 10 && t.done <= (total * (k + 1)) / 10);
    return Math.max(0, ...inDecile.map((t) => t.rssMb));
  });
  return {
    label: set.label,
    photos: report.photos,
    seconds: report.seconds,
    peakRssMb: report.peakRssMb,
    facesDeciles: deciles(report.trace, 'faces'),
    catalogueDeciles: deciles(report.trace, 'reading'),
    rssDecilesMb,
  };
}

export async function runPipelineBench(options: PipelineBenchOptions): Promise<PipelineBenchResult> {
  await ensureModelBuilt('accurate');
  const workers = availableParallelism();
  const sets = await benchPhotoSets(options.sizes);
  const results: PipelineSetResult[] = [];
  for (const set of sets) {
    const megapixels = set.label === 'portraits' ? 0 : Number.parseFloat(set.label);
    results.push(await runSet(set, megapixels, workers));
  }
  const linearity = options.linearCount > 0 ? await runLinearity(options.linearCount, options.linearMegapixels) : null;
  return { workers, sets: results, linearity };
}

const f = (n: number, digits = 1): string => n.toFixed(digits);

/** Where the time goes per photo (ms of work summed over workers, per photo) and each phase's wall time. */
function breakdown(r: PipelineSetResult): string {
  const t = r.kindred.timings;
  const per = (ms: number | undefined): string => f((ms ?? 0) / r.photos, 0).padStart(5);
  const work = [
    ['decode', t['decode']],
    ['detection', t['detection']],
    ['alignment', t['alignment']],
    ['embedding', t['embedding']],
    ['catalogue', (t['catalogue'] ?? 0) - (t['thumbnails'] ?? 0)],
    ['thumbnails', t['thumbnails']],
    ['database', t['database']],
  ] as const;
  const phases = ['catalogue', 'faces', 'names', 'people'].map((p) => `${p} ${f((t[`phase:${p}`] ?? 0) / 1000, 1)}`).join(' · ');
  return `    work, ms/photo: ${work.map(([k, v]) => `${k} ${per(v)}`).join(' ')}\n    phases, s: ${phases} · start-up ${f(r.kindred.startupSeconds, 1)} (one-photo scan)`;
}

export function formatPipelineBench(r: PipelineBenchResult): string {
  const lines = [
    `pipeline: the whole \`kindred scan\` (catalogue, thumbnails, faces, names, people) vs face-api (TF.js wasm, ${r.workers} processes), ${r.workers} Kindred workers`,
    `  ${'set'.padEnd(10)} ${'photos'.padStart(6)} │ ${'Kindred photos/s'.padStart(16)} ${'faces/s'.padStart(8)} ${'faces'.padStart(6)} ${'RSS MB'.padStart(7)} │ ${'peer photos/s'.padStart(13)} ${'faces/s'.padStart(8)} ${'faces'.padStart(6)} ${'RSS MB'.padStart(7)} │ ratio  (per CPU-s)`,
  ];
  for (const s of r.sets) {
    lines.push(
      `  ${s.label.padEnd(10)} ${String(s.photos).padStart(6)} │ ${f(s.kindred.photosPerSecond, 2).padStart(16)} ${f(s.kindred.facesPerSecond).padStart(8)} ${String(s.kindred.faces).padStart(6)} ${f(s.kindred.peakRssMb, 0).padStart(7)} │ ` +
        `${f(s.peer.photosPerSecond, 2).padStart(13)} ${f(s.peer.facesPerSecond).padStart(8)} ${String(s.peer.faces).padStart(6)} ${f(s.peer.peakRssMb, 0).padStart(7)} │ ${f(s.ratio, 2)}×  (${f(s.cpuRatio, 2)}×)`,
    );
  }
  lines.push('  Kindred photos/s: start-up excluded ((photos − 1) / (scan − one-photo scan)); peer: after loading and one warm-up photo; RSS: peak, peer summed over processes');
  lines.push('  ratio per CPU-s: photos per CPU-second of each side (the same start-up rules), steadier than wall clock when other work shares the machine');
  for (const s of r.sets) {
    lines.push(
      `  ${s.label} (${s.source}): whole command ${f(s.kindred.wholeSeconds, 1)} s, ${s.kindred.failed} failed; ` +
        `CPU ms/photo: Kindred ${f(1000 / s.kindred.photosPerCpuSecond, 0)}, peer ${f(1000 / s.peer.photosPerCpuSecond, 0)}`,
    );
    lines.push(breakdown(s));
  }
  const l = r.linearity;
  if (l) {
    const row = (xs: number[], d = 2): string => xs.map((x) => f(x, d)).join(' ');
    lines.push(`  linearity: ${l.label}, ${l.photos} photos in ${f(l.seconds, 0)} s, peak RSS ${f(l.peakRssMb, 0)} MB`);
    lines.push(`    faces phase photos/s per 10%:     ${row(l.facesDeciles)}`);
    lines.push(`    catalogue phase photos/s per 10%: ${row(l.catalogueDeciles, 1)}`);
    lines.push(`    RSS MB per 10% of the faces phase: ${row(l.rssDecilesMb, 0)}`);
    const first = l.facesDeciles[0] ?? 0;
    const last = l.facesDeciles.at(-1) ?? 0;
    if (first > 0) lines.push(`    last 10% / first 10%: ${f(last / first, 2)}×`);
  }
  return lines.join('\n');
}

/** The photos the GPU bench runs on: ../shared/faces groups + celeb5 when present, the public fixtures otherwise. */
export function benchPhotos(): { label: string; paths: string[] } {
  if (sharedFacesDir) {
    return { label: '../shared/faces groups + celeb5', paths: [...listImages(join(sharedFacesDir, 'groups')), ...listImages(join(sharedFacesDir, 'celeb5'))] };
  }
  return { label: 'public fixtures', paths: listImages(fixturesDir).filter((p) => !p.includes('truncated')) };
}
