// One `kindred scan` of a folder into a fresh library, in a process of its own (so its start-up and peak RSS are its
// own): the same code path as the command (runJob → runLibraryScan: catalogue, thumbnails, faces, names, people).
// Started by pipeline-bench.ts with `{ folder, dataDir }` on its IPC channel; answers with a KindredScanReport.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Library } from '../app/db/library.js';
import { runJob } from '../app/jobs/run-job.js';
import { addFolder } from '../app/library/library-folders.js';
import { StageTimings, type StageTotals } from '../app/shared/stage-timings.js';
import { runLibraryScan } from '../app/workflows/scan-library.js';

export interface KindredScanRequest {
  folder: string;
  dataDir: string;
}

export interface KindredScanReport {
  seconds: number;
  /** CPU time of the scan, every thread of the process (exiftool's own process aside). */
  cpuSeconds: number;
  photos: number;
  faces: number;
  failed: number;
  /** New people groups formed. */
  people: number;
  timings: StageTotals;
  peakRssMb: number;
  /** Progress as it came: seconds since the start, phase, photos done, RSS (MB) at that moment. */
  trace: { at: number; phase: string; done: number; rssMb: number }[];
}

process.once('message', (request: KindredScanRequest) => {
  void scan(request).then(
    (report) => process.send!(report, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});

async function scan({ folder, dataDir }: KindredScanRequest): Promise<KindredScanReport> {
  mkdirSync(dataDir, { recursive: true });
  const library = Library.open(join(dataDir, 'kindred.db'));
  const trace: KindredScanReport['trace'] = [];
  const timings = new StageTimings();
  try {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const { folder: added } = await addFolder(library, folder);
    const { result } = await runJob(
      library,
      'scan',
      { folderIds: [added.id] },
      ({ signal, progress }) => runLibraryScan(library, { folderIds: [added.id], signal, progress, timings }),
      {
        onProgress: (p) =>
          trace.push({ at: (performance.now() - started) / 1000, phase: p.phase, done: p.done, rssMb: process.memoryUsage().rss / 2 ** 20 }),
      },
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStarted);
    return {
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      photos: result.read,
      faces: result.faces?.faces ?? 0,
      failed: (result.faces?.failed ?? 0) + result.failed,
      people: result.people?.newGroups ?? 0,
      timings: timings.snapshot(),
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      trace,
    };
  } finally {
    library.close();
  }
}
