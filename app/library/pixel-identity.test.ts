import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../testing/shared-faces.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { jpegImageData, pixelIdentity } from './pixel-identity.js';

/** The `exiftool` command (metadata/testing/exiftool-cli.ts is out of this floor's reach: a sideways import). */
const exiftoolCli = (args: string[]): string => execFileSync('exiftool', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Exiftool is required, except on a developer's machine without it (CI always has it, and fails without it). */
const exiftoolMissing = ((): boolean => {
  try {
    exiftoolCli(['-ver']);
    return false;
  } catch {
    return !process.env.CI;
  }
})();

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = makeTempDir('kindred-pixels-')));
afterAll(() => cleanup());

const fileHash = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

async function identity(path: string): Promise<string> {
  const buffer = readFileSync(path);
  const metadata = await sharp(buffer).metadata();
  return pixelIdentity(buffer, metadata.format!, metadata.orientation ?? 1);
}

describe.skipIf(exiftoolMissing)('pixelIdentity', () => {
  it('a JPEG keeps its identity through metadata edits (rating, keywords, comment, XMP), not through an orientation change or a crop', async () => {
    const path = join(dir, 'photo.jpg');
    writeFileSync(path, readFileSync(join(fixturesDir, 'grace_hopper_512x512.jpg')));
    const original = await identity(path);
    const originalFile = fileHash(path);

    exiftoolCli(['-q', '-overwrite_original', '-Rating=3', '-XMP-dc:Subject=holiday', '-Comment=edited', '-IPTC:Keywords=family', path]);
    expect(fileHash(path)).not.toBe(originalFile);
    expect(await identity(path)).toBe(original);

    exiftoolCli(['-q', '-overwrite_original', '-n', '-Orientation=6', path]);
    const turned = await identity(path);
    expect(turned).not.toBe(original);

    writeFileSync(path, await sharp(join(fixturesDir, 'grace_hopper_512x512.jpg')).extract({ left: 8, top: 8, width: 400, height: 400 }).jpeg().toBuffer());
    expect(await identity(path)).not.toBe(original);
  });

  it('a progressive JPEG with restart markers parses to its end; bytes that are not a JPEG do not', async () => {
    const jpeg = await sharp(join(fixturesDir, 'grace_hopper_512x512.jpg')).jpeg({ progressive: true }).toBuffer();
    const parts = jpegImageData(jpeg)!;
    expect(parts.filter((p) => p[0] === 0xff && p[1] === 0xda).length).toBeGreaterThan(1); // several scans
    // Everything but the metadata segments is hashed: the parts add up to the file less its APPn/COM segments and SOI/EOI.
    const total = parts.reduce((n, p) => n + p.length, 0);
    expect(total).toBeGreaterThan(jpeg.length * 0.9);
    expect(jpegImageData(Buffer.from('not a jpeg at all'))).toBeUndefined();
  });

  it('a PNG keeps its identity through metadata edits (tEXt, XMP), not through a change of pixels', async () => {
    const path = join(dir, 'photo.png');
    writeFileSync(path, readFileSync(join(fixturesDir, 'astronaut.png')));
    const original = await identity(path);
    exiftoolCli(['-q', '-overwrite_original', '-PNG:Comment=edited', '-XMP-dc:Title=Moon', path]);
    expect(await identity(path)).toBe(original);
    writeFileSync(path, await sharp(join(fixturesDir, 'astronaut.png')).modulate({ brightness: 1.1 }).png().toBuffer());
    expect(await identity(path)).not.toBe(original);
  });
});
