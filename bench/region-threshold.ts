// `npx tsx bench/region-threshold.ts`: why REGION_MIN_SCORE (app/vision/face-in-region.ts) is 0.5. A box drawn over a
// face is cut out and analysed on its own; here the tight ../shared/faces portraits stand in for such cut-outs. On hard
// variants of them (turned 50°, dark and blurred, half covered) it counts how many faces the default thresholds find
// and how many each lower threshold finds, and how many "faces" each finds in tiles of the coffee fixture, where
// there is none. An evaluation, not a test.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { fixturesDir, sharedFacesDir } from '../app/testing/shared-faces.js';
import { FaceAnalysisPool } from '../app/vision/face-analysis-pool.js';

const THRESHOLDS = [0.7, 0.6, 0.5];

const variants: Record<string, (file: string) => Promise<Buffer>> = {
  'turned 50°': (f) => sharp(f).rotate(50, { background: '#808080' }).png().toBuffer(),
  'dark, blurred': (f) => sharp(f).linear(0.18, 0).blur(1.5).png().toBuffer(),
  'half covered': async (f) => {
    const { width, height } = await sharp(f).metadata();
    const cover = { create: { width: Math.round(width * 0.5), height, channels: 3 as const, background: '#303030' } };
    return sharp(f).composite([{ input: cover, left: 0, top: 0 }]).png().toBuffer();
  },
};

function imagesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? imagesUnder(path) : /\.(jpe?g|png)$/i.test(name) ? [path] : [];
  });
}

if (!sharedFacesDir) {
  console.log('../shared/faces is not present: nothing to measure');
  process.exit(0);
}
const files = [...imagesUnder(join(sharedFacesDir, 'celeb5')), ...imagesUnder(join(sharedFacesDir, 'bbt'))];
const pool = new FaceAnalysisPool();
const finds = async (image: Uint8Array, minScore?: number) => (await pool.analyse(image, { minScore })).faces.length > 0;
try {
  console.log(`${files.length} portraits; faces found (of ${files.length}):`);
  console.log(`  ${'variant'.padEnd(14)}    defaults  ${THRESHOLDS.map((t) => `    ≥ ${t}`).join('  ')}`);
  for (const [name, make] of Object.entries(variants)) {
    const found = { whole: 0, box: THRESHOLDS.map(() => 0) };
    for (const file of files) {
      const image = new Uint8Array(await make(file));
      if (await finds(image)) found.whole++;
      for (const [i, t] of THRESHOLDS.entries()) if (await finds(image, t)) found.box[i]!++;
    }
    console.log(`  ${name.padEnd(14)} ${String(found.whole).padStart(11)}  ${found.box.map((n) => String(n).padStart(9)).join('  ')}`);
  }
  const coffee = join(fixturesDir, 'coffee.png');
  const { width, height } = await sharp(coffee).metadata();
  const falseFinds = THRESHOLDS.map(() => 0);
  let tiles = 0;
  for (let top = 0; top + 120 <= height; top += 60) {
    for (let left = 0; left + 120 <= width; left += 60) {
      const tile = new Uint8Array(await sharp(coffee).extract({ left, top, width: 120, height: 120 }).png().toBuffer());
      tiles++;
      for (const [i, t] of THRESHOLDS.entries()) if (await finds(tile, t)) falseFinds[i]!++;
    }
  }
  console.log(`  ${`no face (${tiles} tiles)`.padEnd(26)}${falseFinds.map((n) => String(n).padStart(9)).join('  ')}`);
} finally {
  await pool.close();
}
