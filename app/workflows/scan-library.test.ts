import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureModelBuilt } from '../../native-models/model-build.js';
import { Library } from '../db/library.js';
import { ProgressTracker } from '../jobs/progress-tracker.js';
import { addFolder } from '../library/library-folders.js';
import { exiftoolCli, requireExiftoolCli } from '../metadata/testing/exiftool-cli.js';
import { writeOrientedJpeg, type Mark } from '../metadata/testing/oriented-photos.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { StageTimings } from '../shared/stage-timings.js';
import { runLibraryScan } from './scan-library.js';

const [W, H] = [160, 120];
const MARK: Mark = { x: 40, y: 30, width: 48, height: 48, colour: 'red' };
const REGION = `{Area={X=${(MARK.x + MARK.width / 2) / W},Y=${(MARK.y + MARK.height / 2) / H},W=${MARK.width / W},H=${MARK.height / H},Unit=normalized}`;
const NAMES = ['Ann', 'Bob', 'Cy', 'Dee'];
const overrides = { model: 'accurate', executionProvider: 'cpu' } as const;

let root: string;
let cleanup: () => void;
let library: Library;

beforeAll(async () => {
  requireExiftoolCli();
  await ensureModelBuilt('accurate');
});
beforeEach(() => {
  ({ dir: root, cleanup } = makeTempDir('kindred-scan-'));
  library = Library.open(join(root, 'data', 'kindred.db'));
});
afterEach(() => {
  library.close();
  cleanup();
});

describe('runLibraryScan', () => {
  it('a scan stopped after analysing some photos, before their names, imports the names of all of them when resumed', async () => {
    // Photos another tool tagged: one named face region each (Lightroom-style XMP, written by exiftool).
    const photos = join(root, 'photos');
    for (const [i, name] of NAMES.entries()) {
      const path = join(photos, `photo-${i}.jpg`);
      await writeOrientedJpeg(path, { width: W, height: H, orientation: 1, seed: i, marks: [MARK] });
      exiftoolCli(['-q', '-overwrite_original', `-XMP-mwg-rs:RegionInfo={AppliedToDimensions={W=${W},H=${H},Unit=pixel},RegionList=[${REGION},Name=${name},Type=Face}]}`, path]);
    }
    await addFolder(library, photos);

    // Stopped as soon as the first photo is analysed: the photos analysed by then never reach the names phase.
    const controller = new AbortController();
    const progress = new ProgressTracker((p) => {
      if (p.phase === 'faces' && p.done >= 1) controller.abort();
    }, 0);
    const stopped = await runLibraryScan(library, { overrides, signal: controller.signal, progress });
    expect(stopped).toMatchObject({ cancelled: true, regions: null, people: null });
    expect(stopped.faces!.photos).toBeGreaterThanOrEqual(1);
    expect(library.people.list()).toEqual([]);

    const resumed = await runLibraryScan(library, { overrides });
    expect(resumed.cancelled).toBe(false);
    expect(resumed.faces!.photos + stopped.faces!.photos).toBe(NAMES.length);
    expect(resumed.regions).toMatchObject({ photos: NAMES.length, failed: 0 });
    expect(library.people.list().map((p) => p.name).sort()).toEqual(NAMES);

    // Imported once: a later scan has no names left to import.
    expect((await runLibraryScan(library, { overrides })).regions).toBeNull();
  });

  it('reports where the time went: every stage of the scan and the wall time of each phase', async () => {
    const photos = join(root, 'photos');
    for (let i = 0; i < 3; i++) await writeOrientedJpeg(join(photos, `photo-${i}.jpg`), { width: W, height: H, orientation: 1, seed: i, marks: [MARK] });
    await addFolder(library, photos);
    const timings = new StageTimings();
    const summary = await runLibraryScan(library, { overrides, timings });
    expect(summary.faces!.photos).toBe(3);
    const totals = timings.snapshot();
    for (const stage of ['catalogue', 'thumbnails', 'decode', 'detection', 'alignment', 'embedding', 'database', 'phase:catalogue', 'phase:faces', 'phase:people']) {
      expect(totals[stage], stage).toBeGreaterThan(0);
    }
    // Thumbnails are part of reading a file; the faces phase holds the workers' stages (they run two at once).
    expect(totals['thumbnails']!).toBeLessThanOrEqual(totals['catalogue']!);
  });
});
