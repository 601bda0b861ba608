/**
 * One front door: `kindred scan` and the app's scan (through the contract) run the same use case with the same
 * settings, so the same folder gives the same library either way.
 */
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureModelBuilt } from '../../native-models/model-build.js';
import { createKindredClient } from '../api/contract/kindred-client.js';
import { createKindredService } from '../api/service/kindred-service.js';
import { localTransport } from '../api/service/local-transport.js';
import { Library } from '../db/library.js';
import { runCli } from '../testing/run-cli.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { writeVariantLibrary } from '../testing/variant-library.js';
import { writeSettings } from '../settings/settings-store.js';

let dir: string;
let cleanup: () => void;
let photos: string;

beforeAll(async () => {
  await ensureModelBuilt('accurate');
  ({ dir, cleanup } = makeTempDir('kindred-doors-'));
  photos = join(dir, 'photos');
  await writeVariantLibrary(photos);
}, 120_000);
afterAll(() => cleanup());

/** What a scan leaves in a library, keyed by content (database ids may differ between two libraries). */
function libraryContents(dbPath: string) {
  const db = new BetterSqlite3(dbPath, { readonly: true });
  try {
    const photoRows = db.prepare('SELECT content_hash AS hash, format, width, height, orientation FROM photos ORDER BY content_hash').all();
    const faces = db
      .prepare(
        `SELECT p.content_hash AS hash, f.box_x AS x, f.box_y AS y, f.box_w AS w, f.box_h AS h, f.detector_score AS score, f.quality, f.low_quality AS lowQuality, f.assignment,
                f.person_id AS personId, e.model_id AS model, e.vector
         FROM faces f JOIN photos p ON p.id = f.photo_id LEFT JOIN face_embeddings e ON e.face_id = f.id
         ORDER BY p.content_hash, f.box_x, f.box_y`,
      )
      .all() as { hash: string; x: number; y: number; w: number; h: number; score: number; quality: number; lowQuality: number; assignment: string | null; personId: number | null; model: string; vector: Buffer }[];
    const key = (f: (typeof faces)[number]) => `${f.hash}@${f.x.toFixed(1)},${f.y.toFixed(1)}`;
    // Groups as a partition of faces: which faces share a group, whatever the group ids are.
    const byPerson = new Map<number, string[]>();
    for (const f of faces) if (f.personId !== null) byPerson.set(f.personId, [...(byPerson.get(f.personId) ?? []), key(f)]);
    const groups = [...byPerson.values()].map((g) => g.sort().join(' + ')).sort();
    return { photos: photoRows, faces, groups, key };
  } finally {
    db.close();
  }
}

describe('the CLI and the app run the same scan', () => {
  it('one folder scanned through the CLI and through the API gives identical photos, faces, embeddings and groups', async () => {
    const cliDb = join(dir, 'cli', 'kindred.db');
    const cli = await runCli(['--db', cliDb, 'scan', photos, '--json']);
    expect(cli.code, cli.stderr).toBe(0);

    const apiDb = join(dir, 'api', 'kindred.db');
    const library = Library.open(apiDb);
    const service = createKindredService(library);
    const client = createKindredClient(localTransport(service));
    await client.invoke('library.folders.add', { path: photos });
    await client.invoke('library.scan.start', {});
    await service.whenIdle();
    await service.shutdown();
    library.close();

    const a = libraryContents(cliDb);
    const b = libraryContents(apiDb);
    expect(a.photos).toEqual(b.photos);
    expect(a.photos).toHaveLength(7);
    expect(a.faces.map(a.key)).toEqual(b.faces.map(b.key));
    expect(a.faces).toHaveLength(6);
    a.faces.forEach((fa, i) => {
      const fb = b.faces[i]!;
      expect([fa.w, fa.h, fa.score, fa.quality, fa.lowQuality, fa.assignment, fa.model]).toEqual([fb.w, fb.h, fb.score, fb.quality, fb.lowQuality, fb.assignment, fb.model]);
      // The same network on the same crop; batches may group faces differently, so allow float rounding.
      const va = new Float32Array(fa.vector.buffer, fa.vector.byteOffset, fa.vector.length / 4);
      const vb = new Float32Array(fb.vector.buffer, fb.vector.byteOffset, fb.vector.length / 4);
      expect(Math.max(...va.map((x, k) => Math.abs(x - vb[k]!)))).toBeLessThan(1e-5);
    });
    expect(a.groups).toEqual(b.groups);
    expect(a.groups).toHaveLength(2);
  });

  it("the CLI scan follows the library's settings: a library set to a model the manifest marks unusable is refused", async () => {
    const dbPath = join(dir, 'settings', 'kindred.db');
    const library = Library.open(dbPath);
    writeSettings(library, { model: 'fast' });
    library.close();
    const refused = await runCli(['--db', dbPath, 'scan', photos]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/fast|mobilefacenet/i);
    expect(refused.stderr).toMatch(/not offered for libraries/);
    // A flag overrides the setting for that run only.
    const overridden = await runCli(['--db', dbPath, 'scan', '--model', 'accurate', photos, '--json']);
    expect(overridden.code, overridden.stderr).toBe(0);
    expect(JSON.parse(overridden.stdout).faces.faces).toBe(6);
  });

  it("the CLI scan uses the library's own distance thresholds: with 'same person' set to distance 0.01, no two faces are grouped", async () => {
    const dbPath = join(dir, 'thresholds', 'kindred.db');
    const library = Library.open(dbPath);
    writeSettings(library, { thresholds: { recognition: 0.01, suggestion: 0.01 } });
    library.close();
    const scan = await runCli(['--db', dbPath, 'scan', photos, '--json']);
    expect(scan.code, scan.stderr).toBe(0);
    const { groups, faces } = libraryContents(dbPath);
    expect(faces).toHaveLength(6);
    expect(groups.every((g) => !g.includes(' + '))).toBe(true);
  });
});
