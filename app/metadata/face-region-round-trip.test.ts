import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaceBox } from '../db/face-repository.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { readFaceRegions } from './face-region-reader.js';
import { writeFaceRegions, type WriteMode } from './face-region-writer.js';
import { openExifTool, type MetadataTool } from './metadata-tool.js';
import { exiftoolJson, requireExiftoolCli } from './testing/exiftool-cli.js';
import { findMark, writeOrientedJpeg, type Mark } from './testing/oriented-photos.js';

// Round trip on all 8 EXIF orientations: Kindred writes, Debian's ExifTool (an independent implementation) and
// Kindred's reader read back; both must agree with where the faces really are within 1 px.
const [W, H] = [120, 80];
const ANN: Mark = { x: 16, y: 24, width: 24, height: 16, colour: 'red' };
const BOB: Mark = { x: 72, y: 8, width: 16, height: 32, colour: 'green' };
const ORIENTATIONS = [1, 2, 3, 4, 5, 6, 7, 8];

let tool: MetadataTool;
const { dir, cleanup } = makeTempDir('kindred-roundtrip-');
const truth = new Map<string, { ann: FaceBox; bob: FaceBox }>();

beforeAll(async () => {
  requireExiftoolCli();
  tool = openExifTool();
  for (const o of ORIENTATIONS) {
    const path = join(dir, `sidecar-${o}.jpg`);
    await writeOrientedJpeg(path, { width: W, height: H, orientation: o, marks: [ANN, BOB] });
    copyFileSync(path, join(dir, `embed-${o}.jpg`));
    truth.set(String(o), { ann: await findMark(path, 'red'), bob: await findMark(path, 'green') });
  }
});
afterAll(async () => {
  await tool?.close();
  cleanup();
});

function expectWithin1px(actual: FaceBox, expected: FaceBox, label: string): void {
  for (const key of ['x', 'y', 'width', 'height'] as const) {
    expect(Math.abs(actual[key] - expected[key]), `${label} ${key}: ${actual[key].toFixed(2)} vs ${expected[key]}`).toBeLessThanOrEqual(1);
  }
}

/** A stored-frame pixel box from a region ExifTool printed (MWG centre area or Microsoft top-left rectangle). */
const fromMwg = (a: { X: number; Y: number; W: number; H: number }): FaceBox => ({ x: (a.X - a.W / 2) * W, y: (a.Y - a.H / 2) * H, width: a.W * W, height: a.H * H });
const fromMp = (r: string): FaceBox => {
  const [x, y, w, h] = r.split(',').map(Number) as [number, number, number, number];
  return { x: x * W, y: y * H, width: w * W, height: h * H };
};
const stored = (m: Mark): FaceBox => ({ x: m.x, y: m.y, width: m.width, height: m.height });

describe.each<WriteMode>(['sidecar', 'embed'])('face regions round trip (%s)', (mode) => {
  it('writes boxes of the displayed image that ExifTool reads back in the stored frame, on all 8 orientations', async () => {
    const targets: string[] = [];
    for (const o of ORIENTATIONS) {
      const path = join(dir, `${mode}-${o}.jpg`);
      const t = truth.get(String(o))!;
      const result = await writeFaceRegions(path, [{ name: 'Ann Lee', box: t.ann }, { name: 'Bob', box: t.bob }], tool, { mode });
      expect(result, `orientation ${o}`).toMatchObject({ status: 'written', regions: 2, target: mode === 'sidecar' ? `${path}.xmp` : path });
      targets.push(result.target);
    }
    const printed = exiftoolJson(['-XMP-mwg-rs:all', '-XMP-MP:all', ...targets]);
    expect(printed).toHaveLength(8);
    printed.forEach((file, i) => {
      const o = ORIENTATIONS[i]!;
      const info = file.RegionInfo as { AppliedToDimensions: { W: number; H: number; Unit: string }; RegionList: { Area: { X: number; Y: number; W: number; H: number; Unit: string }; Name: string; Type: string }[] };
      expect(info.AppliedToDimensions, `orientation ${o}: the stored size`).toEqual({ W, H, Unit: 'pixel' });
      const byName = new Map(info.RegionList.map((r) => [r.Name, r]));
      expect([...byName.keys()].sort()).toEqual(['Ann Lee', 'Bob']);
      expect(byName.get('Ann Lee')).toMatchObject({ Type: 'Face', Area: { Unit: 'normalized' } });
      expectWithin1px(fromMwg(byName.get('Ann Lee')!.Area), stored(ANN), `MWG orientation ${o} Ann`);
      expectWithin1px(fromMwg(byName.get('Bob')!.Area), stored(BOB), `MWG orientation ${o} Bob`);
      const mp = (file.RegionInfoMP as { Regions: { PersonDisplayName: string; Rectangle: string }[] }).Regions;
      expectWithin1px(fromMp(mp.find((r) => r.PersonDisplayName === 'Ann Lee')!.Rectangle), stored(ANN), `MP orientation ${o} Ann`);
    });
  });

  it("reads its own regions back as boxes of the displayed image within 1 px, on all 8 orientations", async () => {
    for (const o of ORIENTATIONS) {
      const path = join(dir, `${mode}-${o}.jpg`);
      const read = await readFaceRegions(path, tool);
      expect(read.source, `orientation ${o}`).toEqual({ kind: mode === 'sidecar' ? 'sidecar' : 'embedded', path: mode === 'sidecar' ? `${path}.xmp` : path });
      expect(read.image.orientation).toBe(o);
      expect(read.regions.map((r) => r.name)).toEqual(['Ann Lee', 'Bob']); // MWG wins; the MP copies are duplicates
      const t = truth.get(String(o))!;
      expectWithin1px(read.regions[0]!.box, t.ann, `reader orientation ${o} Ann`);
      expectWithin1px(read.regions[1]!.box, t.bob, `reader orientation ${o} Bob`);
      expect(read.names).toEqual([]);
    }
  });
});
