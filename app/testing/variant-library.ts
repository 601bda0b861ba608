import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { fixturesDir } from './shared-faces.js';

/**
 * A small photo library from the public fixtures: two people (Eileen Collins, Grace Hopper), each as three
 * different photos (original, mirrored, rescaled and brightened), plus a photo without a face.
 */
export async function writeVariantLibrary(dir: string): Promise<{ collins: string[]; hopper: string[] }> {
  mkdirSync(dir, { recursive: true });
  const out = { collins: [] as string[], hopper: [] as string[] };
  for (const [name, file] of [['collins', 'astronaut.png'], ['hopper', 'grace_hopper_512x512.jpg']] as const) {
    const paths = [1, 2, 3].map((i) => join(dir, `${name}-${i}.png`));
    await sharp(join(fixturesDir, file)).png().toFile(paths[0]!);
    await sharp(join(fixturesDir, file)).flop().png().toFile(paths[1]!);
    await sharp(join(fixturesDir, file)).resize(360).modulate({ brightness: 1.1 }).png().toFile(paths[2]!);
    out[name].push(...paths);
  }
  await sharp(join(fixturesDir, 'coffee.png')).png().toFile(join(dir, 'coffee.png'));
  return out;
}
