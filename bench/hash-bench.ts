import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { pixelIdentity } from '../app/library/pixel-identity.js';
import { fixturesDir } from '../app/testing/shared-faces.js';

export interface HashBenchRow {
  file: string;
  megabytes: number;
  /** Milliseconds per photo: sha256 of the whole file (the old identity), the pixel identity (the new one). */
  fileHashMs: number;
  pixelHashMs: number;
  /** Reading the photo as a scan does besides (metadata + a 256-px thumbnail): what the hash adds to. */
  thumbnailMs: number;
}

/** Camera-sized JPEGs (4000×3000, noisy enough to weigh what a camera's do), made once in the temp folder. */
async function cameraJpegs(count: number): Promise<string[]> {
  const dir = join(tmpdir(), 'kindred-bench-12mp');
  mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(dir, `IMG_${i}.jpg`);
    if (!existsSync(path)) {
      const noise = sharp({ create: { width: 4000, height: 3000, channels: 3, background: { r: 90 + i * 20, g: 120, b: 160 }, noise: { type: 'gaussian', mean: 128, sigma: 18 + i * 6 } } });
      writeFileSync(path, await noise.blur(1.2).jpeg({ quality: 90 }).withMetadata({ orientation: 1 }).toBuffer());
    }
    paths.push(path);
  }
  return paths;
}

async function time(repeat: number, work: () => Promise<unknown> | unknown): Promise<number> {
  await work(); // warm
  const started = performance.now();
  for (let i = 0; i < repeat; i++) await work();
  return (performance.now() - started) / repeat;
}

/** Per photo: the old identity (whole-file sha256) against the new (pixel identity), beside the thumbnail's cost. */
export async function runHashBench(repeat = 5): Promise<HashBenchRow[]> {
  const fixtures = readdirSync(fixturesDir).filter((f) => /\.(jpe?g|png)$/i.test(f) && f !== 'truncated.jpg').map((f) => join(fixturesDir, f));
  const rows: HashBenchRow[] = [];
  for (const path of [...fixtures, ...(await cameraJpegs(3))]) {
    const buffer = readFileSync(path);
    const metadata = await sharp(buffer).metadata();
    rows.push({
      file: path.split('/').at(-1)!,
      megabytes: buffer.length / 1e6,
      fileHashMs: await time(repeat, () => createHash('sha256').update(buffer).digest('hex')),
      pixelHashMs: await time(repeat, () => pixelIdentity(buffer, metadata.format!, metadata.orientation ?? 1)),
      thumbnailMs: await time(repeat, () => sharp(buffer).rotate().resize(256, 256, { fit: 'inside' }).webp().toBuffer()),
    });
  }
  return rows;
}
