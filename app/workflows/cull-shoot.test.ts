/**
 * Best frame first on a generated shoot (../shared/faces/groups: every group photo made into a burst of four frames,
 * shifted a few pixels and blurred by known amounts): the bursts are found, and the sharpest frame of each is on top.
 * Skips when ../shared is absent.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureModelBuilt } from '../../native-models/model-build.js';
import { Library } from '../db/library.js';
import { addFolder } from '../library/library-folders.js';
import { writeGeneratedShoot, type GeneratedShoot } from '../testing/generated-shoot.js';
import { sharedFacesDir, SHARED_FACES_SKIP } from '../testing/shared-faces.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { cullShoot, shootFilter } from './cull-shoot.js';
import { runLibraryScan } from './scan-library.js';

let library: Library;
let cleanup: () => void;
let shoot: GeneratedShoot;
const blurOf = new Map<string, number>();
const burstOf = new Map<string, number>();

describe.skipIf(!sharedFacesDir)(`culling a generated shoot${sharedFacesDir ? '' : ` — ${SHARED_FACES_SKIP}`}`, () => {
  beforeAll(async () => {
    const groups = join(sharedFacesDir!, 'groups');
    const sources = readdirSync(groups, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(join(groups, d.name)).filter((f) => /\.jpe?g$/i.test(f)).map((f) => join(groups, d.name, f)))
      .sort();
    let root: string;
    ({ dir: root, cleanup } = makeTempDir('kindred-shoot-'));
    // Shrunk to 1,000 px: the scan stays short on a loaded machine, and faces stay 30–200 px.
    shoot = await writeGeneratedShoot(join(root, 'shoot'), sources, { maxSide: 1000 });
    for (const f of shoot.frames) {
      blurOf.set(f.path, f.blur);
      burstOf.set(f.path, f.burst);
    }
    await ensureModelBuilt('accurate');
    library = Library.open(join(root, 'data', 'kindred.db'));
    await addFolder(library, join(root, 'shoot'));
    await runLibraryScan(library);
  }, 600_000);

  afterAll(() => {
    library?.close();
    cleanup?.();
  });

  it('stacks each burst and puts its sharpest frame on top in at least 90% of bursts', async () => {
    const result = await cullShoot(library, shootFilter({}), 'quality');
    const pathOf = (id: number) => library.photos.pathOf(id)!;
    const stacks = new Map<number, string[]>();
    for (const f of result.frames) if (f.burst) stacks.set(f.burst.id, [...(stacks.get(f.burst.id) ?? []), pathOf(f.id)]);
    // Every generated burst is one stack of its own four frames.
    expect(result.bursts).toBe(shoot.bursts.length);
    for (const frames of stacks.values()) {
      expect(frames).toHaveLength(4);
      expect(new Set(frames.map((p) => burstOf.get(p))).size).toBe(1);
    }
    const sharpOnTop = [...stacks.values()].filter((frames) => blurOf.get(frames[0]!) === 0).length;
    const fullyOrdered = [...stacks.values()].filter((frames) => frames.every((p, i) => i === 0 || blurOf.get(p)! >= blurOf.get(frames[i - 1]!)!)).length;
    console.log(`generated shoot: ${stacks.size} bursts, sharpest on top in ${sharpOnTop} (${((100 * sharpOnTop) / stacks.size).toFixed(0)}%), fully in blur order in ${fullyOrdered}`);
    expect(sharpOnTop / stacks.size).toBeGreaterThanOrEqual(0.9);
    // The scan measured the eyes (the landmark stage of the default embedder) for the frames' faces.
    const eyes = result.frames.filter((f) => f.quality?.eyes !== null && f.quality?.eyes !== undefined).length;
    console.log(`generated shoot: eyes measured on ${eyes} of ${result.frames.length} frames`);
    expect(eyes).toBeGreaterThan(result.frames.length / 2);
  });

  it('lists a person’s frames as shot, a burst in the place of its first frame', async () => {
    const person = library.people.list()[0]!;
    const result = await cullShoot(library, shootFilter({ personIds: [person.id] }), 'date');
    expect(result.frames.length).toBeGreaterThan(0);
    for (const f of result.frames) expect(library.culls.facesOf([f.id]).some((face) => face.personId === person.id)).toBe(true);
    // Units (single frames and bursts) come in shooting order of their first frame.
    const firsts: number[] = [];
    for (const f of result.frames) {
      if (f.burst && f.burst.position > 0) continue;
      const members = f.burst ? result.frames.filter((g) => g.burst?.id === f.burst!.id) : [f];
      firsts.push(Math.min(...members.map((g) => g.takenAt!)));
    }
    expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
  });
});
