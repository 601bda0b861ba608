import { describe, expect, it } from 'vitest';
import { parseFaceTags, type ImageGeometry } from './region-parsing.js';

// A 4000×3000 stored image shown upright (orientation 1) or turned a quarter clockwise (6, displayed 3000×4000).
const upright: ImageGeometry = { storedWidth: 4000, storedHeight: 3000, orientation: 1 };
const turned: ImageGeometry = { storedWidth: 4000, storedHeight: 3000, orientation: 6 };

const mwg = (w: number, h: number, regions: object[]) => ({ RegionInfo: { AppliedToDimensions: { W: w, H: h, Unit: 'pixel' }, RegionList: regions } });
const face = (name: string | undefined, X: number, Y: number, W: number, H: number, extra: object = {}) => ({
  Area: { X, Y, W, H, Unit: 'normalized' }, ...(name === undefined ? {} : { Name: name }), Type: 'Face', ...extra,
});
const close = (r: { x: number; y: number; w: number; h: number }) => ({
  x: expect.closeTo(r.x, 9), y: expect.closeTo(r.y, 9), w: expect.closeTo(r.w, 9), h: expect.closeTo(r.h, 9),
});

describe('parsing face tags', () => {
  it('reads MWG centre areas in the stored frame and turns them with the orientation', () => {
    const parsed = parseFaceTags(mwg(4000, 3000, [face('Ann', 0.25, 0.5, 0.1, 0.2)]), turned);
    // Stored top-left (0.2, 0.4) 0.1×0.2 → displayed after a quarter turn clockwise: x = 1 - 0.4 - 0.2, y = 0.2.
    expect(parsed.regions).toEqual([{ format: 'mwg', name: 'Ann', frame: 'stored', rect: close({ x: 0.4, y: 0.2, w: 0.2, h: 0.1 }) }]);
  });

  it('takes regions whose AppliedToDimensions are the displayed size as written in the displayed frame', () => {
    const parsed = parseFaceTags(mwg(3000, 4000, [face('Ann', 0.45, 0.25, 0.2, 0.1)]), turned);
    expect(parsed.regions).toEqual([{ format: 'mwg', name: 'Ann', frame: 'displayed', rect: close({ x: 0.35, y: 0.2, w: 0.2, h: 0.1 }) }]);
  });

  it('keeps only the names of regions whose AppliedToDimensions match neither frame (cropped after tagging)', () => {
    const parsed = parseFaceTags(mwg(4000, 2000, [face('Ann', 0.5, 0.5, 0.1, 0.1)]), upright);
    expect(parsed.regions).toEqual([]);
    expect(parsed.names).toEqual(['Ann']);
    expect(parsed.warnings[0]).toMatch(/AppliedToDimensions 4000×2000 does not match/);
  });

  it('skips pets and focus areas, keeps unnamed faces unnamed, clips what spills over, drops what lies outside', () => {
    const parsed = parseFaceTags(
      mwg(4000, 3000, [
        face('Rex', 0.5, 0.5, 0.1, 0.1, { Type: 'Pet' }),
        { Area: { X: 0.5, Y: 0.5, W: 0.01, H: 0.01, Unit: 'normalized' }, Type: 'Focus' },
        face(undefined, 0.3, 0.3, 0.1, 0.1),
        face('Edge', 0.97, 0.5, 0.1, 0.1),
        face('Outside', 1.2, 0.5, 0.1, 0.1),
        { Name: 'No Area', Type: 'Face' },
      ]),
      upright,
    );
    expect(parsed.regions.map((r) => r.name)).toEqual([null, 'Edge']);
    expect(parsed.regions[1]!.rect).toEqual(close({ x: 0.92, y: 0.45, w: 0.08, h: 0.1 }));
    expect(parsed.names).toEqual(['Outside', 'No Area']);
  });

  it('reads Microsoft rectangles (top-left x, y, w, h), drops ignored faces and MWG duplicates', () => {
    const parsed = parseFaceTags(
      {
        ...mwg(4000, 3000, [face('Ann', 0.25, 0.5, 0.1, 0.2)]),
        RegionInfoMP: {
          Regions: [
            { PersonDisplayName: 'Ann', Rectangle: '0.2, 0.4, 0.1, 0.2' }, // the same face, written by digiKam
            { PersonDisplayName: 'Bob', Rectangle: '0.6, 0.1, 0.05, 0.1' },
            { PersonDisplayName: 'ffffffffffffffff', Rectangle: '0.8, 0.8, 0.05, 0.1' },
            { PersonDisplayName: 'Cy' }, // named in Windows Photo Gallery, never placed
          ],
        },
      },
      upright,
    );
    expect(parsed.regions.map((r) => [r.format, r.name])).toEqual([['mwg', 'Ann'], ['mp', 'Bob'], ['mp', null]]);
    expect(parsed.regions[1]!.rect).toEqual(close({ x: 0.6, y: 0.1, w: 0.05, h: 0.1 }));
    expect(parsed.names).toEqual(['Cy']);
  });

  it('reads IPTC Image Regions: rectangles, circles, polygons, pixel units, person names; skips other content types', () => {
    const parsed = parseFaceTags(
      {
        ImageRegion: [
          { RegionBoundary: { RbShape: 'rectangle', RbUnit: 'relative', RbX: 0.1, RbY: 0.2, RbW: 0.1, RbH: 0.1 }, PersonInImage: ['Ann'] },
          { RegionBoundary: { RbShape: 'circle', RbUnit: 'relative', RbX: 0.5, RbY: 0.5, RbRx: 0.03 }, Name: 'Bob',
            RCtype: [{ Identifier: ['http://cv.iptc.org/newscodes/imageregiontype/face'] }] },
          { RegionBoundary: { RbShape: 'polygon', RbUnit: 'pixel', RbVertices: [{ RbX: 3000, RbY: 300 }, { RbX: 3400, RbY: 300 }, { RbX: 3200, RbY: 900 }] },
            PersonInImageWDetails: [{ PersonName: ['Cy'] }] },
          { RegionBoundary: { RbShape: 'rectangle', RbUnit: 'relative', RbX: 0.7, RbY: 0.7, RbW: 0.1, RbH: 0.1 }, Name: 'Car',
            RCtype: [{ Identifier: ['http://cv.iptc.org/newscodes/imageregiontype/product'] }] },
          { RegionBoundary: { RbShape: 'rectangle', RbUnit: 'relative', RbX: 0.3, RbY: 0.7, RbW: 0.2, RbH: 0.2 }, PersonInImage: ['Dee', 'Eve'] },
        ],
      },
      upright,
    );
    expect(parsed.regions.map((r) => r.name)).toEqual(['Ann', 'Bob', 'Cy']);
    expect(parsed.regions[1]!.rect).toEqual(close({ x: 0.47, y: 0.46, w: 0.06, h: 0.08 })); // radius: a width fraction
    expect(parsed.regions[2]!.rect).toEqual(close({ x: 0.75, y: 0.1, w: 0.1, h: 0.2 }));
    expect(parsed.names).toEqual(['Dee', 'Eve']);
  });

  it('collects name-only people from PersonInImage and People/ keywords, once each, minus those with a region', () => {
    const parsed = parseFaceTags(
      {
        ...mwg(4000, 3000, [face('Ann', 0.25, 0.5, 0.1, 0.2)]),
        PersonInImage: ['ann', 'Bob '],
        TagsList: ['People/Family/Cy', 'Places/Paris', 'People'],
        HierarchicalSubject: 'People|Dee',
        LastKeywordXMP: ['People/Bob', 'Vacation'],
      },
      upright,
    );
    expect(parsed.names).toEqual(['Bob', 'Cy', 'Dee']);
    expect(parseFaceTags({ TagsList: ['Personen/Cy'] }, upright, { peopleTagRoots: ['Personen'] }).names).toEqual(['Cy']);
  });

  it('accepts numbers where ExifTool kept precision as strings, and single values where it did not make lists', () => {
    const parsed = parseFaceTags(
      { RegionInfo: { AppliedToDimensions: { W: '4000', H: '3000' }, RegionList: { Area: { X: '0.5', Y: '0.5', W: '0.1000000001', H: '0.1' }, Name: 2019 } } },
      upright,
    );
    expect(parsed.regions).toEqual([{ format: 'mwg', name: '2019', frame: 'stored', rect: close({ x: 0.45, y: 0.45, w: 0.1, h: 0.1 }) }]);
  });
});
