import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addFolder } from '../app/library/library-folders.js';
import { Library } from '../app/db/library.js';
import { scanLibrary } from '../app/library/catalogue.js';
import { writeSyntheticJpeg } from '../app/testing/synthetic-photos.js';

export interface ScanBenchResult {
  photos: number;
  coldFilesPerSecond: number;
  rescanFilesPerSecond: number;
  rescanOverCold: number;
}

/** Generates (once, cached in the temp folder) a library of `count` camera-sized JPEGs in nested folders. */
async function generatedLibrary(count: number, width: number, height: number): Promise<string> {
  const dir = join(tmpdir(), `kindred-bench-library-${count}-${width}x${height}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  for (let i = 0; i < count; i++) {
    const path = join(dir, `${2000 + (i % 20)}`, `event-${i % 7}`, `IMG_${String(i).padStart(5, '0')}.jpg`);
    await writeSyntheticJpeg(path, { width, height, seed: i, dateTimeOriginal: '2024:05:01 12:00:00', make: 'Canon', model: 'Canon EOS R6' });
  }
  writeFileSync(join(dir, '.complete'), '');
  return dir;
}

/** Cold scan of a fresh library, then an incremental rescan with nothing changed: files per second of each. */
export async function runScanBench(count = 2000, width = 1600, height = 1200): Promise<ScanBenchResult> {
  const photos = await generatedLibrary(count, width, height);
  const dataDir = join(tmpdir(), `kindred-bench-data-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const library = Library.open(join(dataDir, 'kindred.db'));
  try {
    await addFolder(library, photos);
    let started = performance.now();
    const cold = await scanLibrary(library);
    const coldSeconds = (performance.now() - started) / 1000;
    if (cold.read !== count) throw new Error(`cold scan read ${cold.read} of ${count}`);
    started = performance.now();
    const rescan = await scanLibrary(library);
    const rescanSeconds = (performance.now() - started) / 1000;
    if (rescan.read !== 0 || rescan.listed.unchanged !== count) throw new Error('rescan re-read files');
    const coldFilesPerSecond = count / coldSeconds;
    const rescanFilesPerSecond = count / rescanSeconds;
    return { photos: count, coldFilesPerSecond, rescanFilesPerSecond, rescanOverCold: rescanFilesPerSecond / coldFilesPerSecond };
  } finally {
    library.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
