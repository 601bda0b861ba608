import BetterSqlite3 from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturesDir } from '../testing/shared-faces.js';
import { runCli } from '../testing/run-cli.js';
import { writePngDeclaring, writeSyntheticJpeg } from '../testing/synthetic-photos.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { addFolder } from './library-folders.js';
import { Library } from '../db/library.js';
import { listFolders, readPendingFiles, scanLibrary } from './catalogue.js';

let root: string;
let photos: string;
let cleanup: () => void;
let library: Library;

beforeEach(async () => {
  ({ dir: root, cleanup } = makeTempDir());
  photos = join(root, 'photos');
  await writeSyntheticJpeg(join(photos, 'good.jpg'), { seed: 1 });
  library = Library.open(join(root, 'data', 'kindred.db'));
});
afterEach(() => {
  library.close();
  cleanup();
});

const fileRow = (db: BetterSqlite3.Database, path: string) =>
  db.prepare('SELECT status, error FROM files WHERE path = ?').get(path) as { status: string; error: string | null } | undefined;

/**
 * A launcher that runs the CLI without the power to read files whatever their mode. Root reads anything, so when the
 * tests run as root the CLI keeps root's identity (it can still read the checkout, wherever that lives) but loses the
 * capabilities that override file modes. An ordinary user needs no launcher.
 */
function withoutFileReadOverride(): string[] {
  if (process.getuid?.() !== 0) return [];
  const launcher = ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--inh-caps=-all'];
  const probe = spawnSync(launcher[0]!, [...launcher.slice(1), 'cat', '/proc/self/status'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error(`cannot drop root's file-read override with setpriv (util-linux): ${probe.error?.message ?? probe.stderr}`);
  return launcher;
}

/** Scans `photos` and returns the row of `path`; the good photo must always be catalogued too. */
async function scanAndGet(path: string) {
  await addFolder(library, photos);
  await scanLibrary(library);
  expect(fileRow(library.db, join(photos, 'good.jpg'))?.status).toBe('ok');
  return fileRow(library.db, path);
}

describe('bad input is recorded against its file and the scan goes on', () => {
  it('a truncated JPEG', async () => {
    const path = join(photos, 'truncated.jpg');
    copyFileSync(join(fixturesDir, 'truncated.jpg'), path);
    expect(await scanAndGet(path)).toMatchObject({ status: 'error', error: expect.stringMatching(/premature end|truncated|corrupt/i) });
  });

  it('a JPEG cut in half after a valid header', async () => {
    const path = join(photos, 'half.jpg');
    await writeSyntheticJpeg(join(root, 'whole.jpg'), { width: 400, height: 300, seed: 9 });
    const whole = (await import('node:fs')).readFileSync(join(root, 'whole.jpg'));
    writeFileSync(path, whole.subarray(0, Math.floor(whole.length / 2)));
    expect(await scanAndGet(path)).toMatchObject({ status: 'error', error: expect.stringMatching(/corrupt or truncated/) });
  });

  it('a zero-byte file', async () => {
    const path = join(photos, 'empty.jpg');
    writeFileSync(path, '');
    expect(await scanAndGet(path)).toEqual({ status: 'error', error: 'empty file (0 bytes)' });
  });

  it('a text file named .jpg', async () => {
    const path = join(photos, 'notes.jpg');
    writeFileSync(path, 'shopping list: milk, eggs\n');
    expect(await scanAndGet(path)).toMatchObject({ status: 'error', error: expect.stringMatching(/^not a readable image/) });
  });

  it('a PNG declaring 30000×30000 pixels (decompression bomb) is refused before decoding', async () => {
    const path = join(photos, 'bomb.png');
    writePngDeclaring(path, 30000, 30000);
    expect(await scanAndGet(path)).toEqual({ status: 'error', error: 'image is 30000×30000 (900 MP), above the 250 MP limit' });
  });

  it('a HEIC file this platform cannot decode is recorded as unsupported', async () => {
    const path = join(photos, 'IMG_0001.HEIC');
    writeFileSync(path, Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(64)]));
    expect(await scanAndGet(path)).toEqual({ status: 'unsupported', error: 'unsupported: HEIC (no HEVC decoder on this platform)' });
  });

  it('a symlink loop', async () => {
    mkdirSync(join(photos, 'a'));
    symlinkSync(join(photos, 'a'), join(photos, 'a', 'back-to-a'));
    symlinkSync(join(photos, 'loop.jpg'), join(photos, 'loop.jpg'));
    await addFolder(library, photos);
    const summary = await scanLibrary(library);
    expect(summary.read).toBe(1);
    expect(library.files.statusCounts()).toMatchObject({ ok: 1, error: 0 });
  });

  it('a file deleted between listing and reading', async () => {
    const path = join(photos, 'fleeting.jpg');
    await writeSyntheticJpeg(path, { seed: 2 });
    const { folder } = await addFolder(library, photos);
    await listFolders(library, [folder.id]);
    rmSync(path);
    const totals = await readPendingFiles(library, [folder.id]);
    expect(totals).toMatchObject({ read: 1, vanishedWhileReading: 1 });
    expect(fileRow(library.db, path)).toEqual({ status: 'missing', error: 'file vanished before it could be read' });
  });

  it('a path with non-ASCII characters and spaces', async () => {
    const path = join(photos, 'Été à Zürich', '婚礼 照片 01.jpg');
    await writeSyntheticJpeg(path, { seed: 3 });
    expect(await scanAndGet(path)).toEqual({ status: 'ok', error: null });
  });

  it('a file and a folder whose names are not valid UTF-8 are listed as problems, and the scan goes on', async () => {
    const photo = readFileSync(join(photos, 'good.jpg'));
    const badFile = Buffer.concat([Buffer.from(join(photos, 'caf')), Buffer.from([0xe9, 0xff]), Buffer.from('.jpg')]);
    writeFileSync(badFile, photo);
    const badFolder = Buffer.concat([Buffer.from(join(photos, 'trip ')), Buffer.from([0xc3, 0x28])]);
    mkdirSync(badFolder);
    writeFileSync(Buffer.concat([badFolder, Buffer.from('/inside.jpg')]), photo);
    await writeSyntheticJpeg(join(photos, 'Été', 'other.jpg'), { seed: 4 });

    await addFolder(library, photos);
    const summary = await scanLibrary(library);
    expect(summary).toMatchObject({ read: 2, failed: 0 });
    expect(fileRow(library.db, join(photos, 'Été', 'other.jpg'))?.status).toBe('ok');
    const problems = library.files.problems().map(({ path, status, error }) => ({ path, status, error }));
    expect(problems).toEqual([
      { path: join(photos, 'caf\\xe9\\xff.jpg'), status: 'error', error: 'file name is not valid UTF-8: caf\\xe9\\xff.jpg' },
      { path: join(photos, 'trip \\xc3('), status: 'error', error: 'folder name is not valid UTF-8: trip \\xc3(' },
    ]);

    // A rescan keeps them listed (not 'missing', not counted as vanished).
    const again = await scanLibrary(library);
    expect(again.listed).toMatchObject({ vanished: 0, added: 0 });
    expect(library.files.problems()).toHaveLength(2);
  });

  it('an unreadable file (mode 000) and an unreadable folder, scanned without the power to read them', async () => {
    const locked = join(photos, 'locked.jpg');
    await writeSyntheticJpeg(locked, { seed: 4 });
    await writeSyntheticJpeg(join(photos, 'private', 'inside.jpg'), { seed: 5 });
    chmodSync(locked, 0o000);
    chmodSync(join(photos, 'private'), 0o000);
    const dbPath = join(root, 'user-data', 'kindred.db');
    const launcher = withoutFileReadOverride();
    const result = await runCli(['--db', dbPath, 'scan', '--no-faces', photos], {}, launcher);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/locked\.jpg: permission denied/);
    expect(result.stdout).toMatch(/folder not readable: .*private \(permission denied\)/);
    const db = new BetterSqlite3(dbPath, { readonly: true });
    expect(fileRow(db, locked)).toEqual({ status: 'error', error: 'permission denied' });
    expect(fileRow(db, join(photos, 'good.jpg'))?.status).toBe('ok');
    db.close();
    chmodSync(join(photos, 'private'), 0o755); // so the temporary folder can be removed
  });
});
