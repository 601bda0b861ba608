import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaceBox } from '../db/face-repository.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { readFaceRegions } from './face-region-reader.js';
import { openExifTool, type MetadataTool } from './metadata-tool.js';
import { exiftoolCli, requireExiftoolCli } from './testing/exiftool-cli.js';
import { findMark, writeOrientedJpeg, type Mark } from './testing/oriented-photos.js';

// Files tagged the way other applications tag them, made with Debian's exiftool; Kindred must place every face on
// the face. The photos are camera-style: stored 120×80 landscape pixels, turned for display by EXIF orientation.
const [W, H] = [120, 80];
const ANN: Mark = { x: 16, y: 24, width: 24, height: 16, colour: 'red' };
const BOB: Mark = { x: 72, y: 8, width: 16, height: 32, colour: 'green' };

let tool: MetadataTool;
const { dir, cleanup } = makeTempDir('kindred-formats-');
beforeAll(() => {
  requireExiftoolCli();
  tool = openExifTool();
});
afterAll(async () => {
  await tool?.close();
  cleanup();
});

const n = (v: number) => Number(v.toFixed(7));
/** MWG centre area of a mark, in the stored frame (what MWG-conformant writers record). */
const mwgArea = (m: Mark) => `Area={X=${n((m.x + m.width / 2) / W)},Y=${n((m.y + m.height / 2) / H)},W=${n(m.width / W)},H=${n(m.height / H)},Unit=normalized}`;
/** Microsoft rectangle of a mark (top-left x, y, w, h; commas escaped for ExifTool's struct syntax). */
const mpRect = (m: Mark) => [m.x / W, m.y / H, m.width / W, m.height / H].map(n).join('|, ');
const applied = `AppliedToDimensions={W=${W},H=${H},Unit=pixel}`;

async function tagged(name: string, orientation: number, exiftoolArgs: (path: string) => string[]): Promise<{ path: string; ann: FaceBox; bob: FaceBox }> {
  const path = join(dir, name);
  await writeOrientedJpeg(path, { width: W, height: H, orientation, marks: [ANN, BOB] });
  exiftoolCli(['-q', '-overwrite_original', ...exiftoolArgs(path)]);
  return { path, ann: await findMark(path, 'red'), bob: await findMark(path, 'green') };
}

function expectOn(actual: FaceBox | undefined, expected: FaceBox, label: string): void {
  expect(actual, label).toBeDefined();
  for (const key of ['x', 'y', 'width', 'height'] as const) {
    expect(Math.abs(actual![key] - expected[key]), `${label} ${key}: ${actual![key].toFixed(2)} vs ${expected[key]}`).toBeLessThanOrEqual(1);
  }
}

describe('importing regions written by other applications', () => {
  it('Lightroom Classic (Save Metadata to File): MWG in the stored frame, embedded, on a portrait shot (orientation 6)', async () => {
    const t = await tagged('lightroom.jpg', 6, (p) => [
      `-XMP-mwg-rs:RegionInfo={${applied},RegionList=[{${mwgArea(ANN)},Name=Ann Lee,Type=Face},{${mwgArea(BOB)},Name=Bob,Type=Face}]}`,
      '-XMP-dc:Subject=Ann Lee', '-XMP-dc:Subject=Bob', p,
    ]);
    const read = await readFaceRegions(t.path, tool);
    expect(read.source).toEqual({ kind: 'embedded', path: t.path });
    expect(read.regions.map((r) => [r.format, r.frame, r.name])).toEqual([['mwg', 'stored', 'Ann Lee'], ['mwg', 'stored', 'Bob']]);
    expectOn(read.regions[0]?.box, t.ann, 'Lightroom Ann');
    expectOn(read.regions[1]?.box, t.bob, 'Lightroom Bob');
  });

  it('Lightroom with a RAW-style photo.xmp sidecar, on orientation 8', async () => {
    const t = await tagged('lr-raw.jpg', 8, () => [
      `-XMP-mwg-rs:RegionInfo={${applied},RegionList=[{${mwgArea(ANN)},Name=Ann Lee,Type=Face}]}`, join(dir, 'lr-raw.xmp'),
    ]);
    const read = await readFaceRegions(t.path, tool);
    expect(read.source).toEqual({ kind: 'sidecar', path: join(dir, 'lr-raw.xmp') });
    expectOn(read.regions[0]?.box, t.ann, 'Lightroom sidecar Ann');
  });

  it('Picasa 3.9 (Store name tags in photo): MWG, embedded, on an upside-down photo (orientation 3)', async () => {
    const t = await tagged('picasa.jpg', 3, (p) => [
      `-XMP-mwg-rs:RegionInfo={${applied},RegionList=[{${mwgArea(BOB)},Name=Bob,Type=Face},{${mwgArea(ANN)},Name=Ann Lee,Type=Face}]}`, p,
    ]);
    const read = await readFaceRegions(t.path, tool);
    expectOn(read.regions.find((r) => r.name === 'Bob')?.box, t.bob, 'Picasa Bob');
    expectOn(read.regions.find((r) => r.name === 'Ann Lee')?.box, t.ann, 'Picasa Ann');
  });

  it('Windows Photo Gallery: Microsoft People Tagging rectangles, a person named but not placed, an ignored face', async () => {
    const t = await tagged('wlpg.jpg', 6, (p) => [
      `-XMP-MP:RegionInfoMP={Regions=[{PersonDisplayName=Ann Lee,Rectangle=${mpRect(ANN)}},{PersonDisplayName=ffffffffffffffff,Rectangle=${mpRect(BOB)}},{PersonDisplayName=Cy}]}`,
      '-XMP-microsoft:LastKeywordXMP=People/Ann Lee', '-XMP-microsoft:LastKeywordXMP=People/Cy', p,
    ]);
    const read = await readFaceRegions(t.path, tool);
    expect(read.regions.map((r) => [r.format, r.name])).toEqual([['mp', 'Ann Lee'], ['mp', null]]);
    expectOn(read.regions[0]?.box, t.ann, 'Windows Ann');
    expectOn(read.regions[1]?.box, t.bob, 'Windows ignored face');
    expect(read.names).toEqual(['Cy']);
  });

  it('digiKam: MWG + Microsoft in photo.jpg.xmp, People/ tags, taking the sidecar over the embedded regions', async () => {
    const t = await tagged('digikam.jpg', 5, (p) => [
      `-XMP-mwg-rs:RegionInfo={${applied},RegionList=[{${mwgArea(BOB)},Name=Somebody Else,Type=Face}]}`, p,
    ]);
    exiftoolCli([
      '-q',
      `-XMP-mwg-rs:RegionInfo={${applied},RegionList=[{${mwgArea(ANN)},Name=Ann Lee,Type=Face},{${mwgArea(BOB)},Name=Bob,Type=Face}]}`,
      `-XMP-MP:RegionInfoMP={Regions=[{PersonDisplayName=Ann Lee,Rectangle=${mpRect(ANN)}},{PersonDisplayName=Bob,Rectangle=${mpRect(BOB)}}]}`,
      '-XMP-digiKam:TagsList=People/Ann Lee', '-XMP-digiKam:TagsList=People/Bob', '-XMP-digiKam:TagsList=People/Dee',
      '-XMP-digiKam:TagsList=Places/Paris', `${t.path}.xmp`,
    ]);
    const read = await readFaceRegions(t.path, tool);
    expect(read.source).toEqual({ kind: 'sidecar', path: `${t.path}.xmp` });
    expect(read.regions.map((r) => [r.format, r.name])).toEqual([['mwg', 'Ann Lee'], ['mwg', 'Bob']]); // MP copies deduplicated
    expectOn(read.regions[0]?.box, t.ann, 'digiKam Ann');
    expectOn(read.regions[1]?.box, t.bob, 'digiKam Bob');
    expect(read.names).toEqual(['Dee']);
  });

  it('an old digiKam that wrote the displayed frame: recognised by AppliedToDimensions being the displayed size', async () => {
    const path = join(dir, 'legacy.jpg');
    await writeOrientedJpeg(path, { width: W, height: H, orientation: 6, marks: [ANN] });
    const truth = await findMark(path, 'red'); // displayed 80×120
    const [dw, dh] = [truth.imageWidth, truth.imageHeight];
    const area = `Area={X=${n((truth.x + truth.width / 2) / dw)},Y=${n((truth.y + truth.height / 2) / dh)},W=${n(truth.width / dw)},H=${n(truth.height / dh)},Unit=normalized}`;
    exiftoolCli(['-q', '-overwrite_original', `-XMP-mwg-rs:RegionInfo={AppliedToDimensions={W=${dw},H=${dh},Unit=pixel},RegionList=[{${area},Name=Ann Lee,Type=Face}]}`, path]);
    const read = await readFaceRegions(path, tool);
    expect(read.regions[0]?.frame).toBe('displayed');
    expectOn(read.regions[0]?.box, truth, 'legacy digiKam Ann');
  });

  it('IPTC Image Regions with Person Shown, and PersonInImage names without regions', async () => {
    const rb = (m: Mark) => `RegionBoundary={RbShape=rectangle,RbUnit=relative,RbX=${n(m.x / W)},RbY=${n(m.y / H)},RbW=${n(m.width / W)},RbH=${n(m.height / H)}}`;
    const t = await tagged('iptc.jpg', 7, (p) => [
      `-XMP-iptcExt:ImageRegion=[{${rb(ANN)},PersonInImage=[Ann Lee],RCtype=[{Identifier=[http://cv.iptc.org/newscodes/imageregiontype/face]}]},{${rb(BOB)},Name=Bob}]`,
      '-XMP-iptcExt:PersonInImage=Ann Lee', '-XMP-iptcExt:PersonInImage=Eve', p,
    ]);
    const read = await readFaceRegions(t.path, tool);
    expect(read.regions.map((r) => [r.format, r.name])).toEqual([['iptc', 'Ann Lee'], ['iptc', 'Bob']]);
    expectOn(read.regions[0]?.box, t.ann, 'IPTC Ann');
    expectOn(read.regions[1]?.box, t.bob, 'IPTC Bob');
    expect(read.names).toEqual(['Eve']);
  });
});
