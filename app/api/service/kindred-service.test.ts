import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FaceRepository } from '../../db/face-repository.js';
import { JobRepository } from '../../db/job-repository.js';
import { Library } from '../../db/library.js';
import { fixturesDir } from '../../testing/shared-faces.js';
import { writeSyntheticJpeg } from '../../testing/synthetic-photos.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { apiErrorOf } from './testing/scanned-service.js';
import type { JobSnapshotDto } from '../contract/jobs-contract.js';
import { createKindredClient, type KindredClient } from '../contract/kindred-client.js';
import { createKindredService, type KindredService } from './kindred-service.js';
import { localTransport } from './local-transport.js';

let root: string;
let cleanup: () => void;
let dbPath: string;
let library: Library;
let service: KindredService;
let client: KindredClient;

/** Most tests here are about the contract's mechanics: they catalogue only (one test runs the whole pipeline). */
function open(findFaces = false): void {
  library = Library.open(dbPath);
  service = createKindredService(library, { findFaces });
  client = createKindredClient(localTransport(service));
}
async function close(): Promise<void> {
  await service.shutdown();
  library.close();
}

/** A folder holding every public fixture (five photos and truncated.jpg). */
function fixtureFolder(): string {
  const folder = join(root, 'photos');
  mkdirSync(folder, { recursive: true });
  for (const name of readdirSync(fixturesDir).filter((n) => !n.endsWith('.md'))) copyFileSync(join(fixturesDir, name), join(folder, name));
  return folder;
}

/** Runs a scan to its end through the client, collecting the job events it sends. */
async function scanToEnd(input: { folderIds?: number[] } = {}): Promise<JobSnapshotDto[]> {
  const seen: JobSnapshotDto[] = [];
  const off = client.on('job.progress', (s) => seen.push(s));
  await client.invoke('library.scan.start', input);
  await service.whenIdle();
  off();
  return seen;
}


beforeEach(() => {
  ({ dir: root, cleanup } = makeTempDir());
  dbPath = join(root, 'data', 'kindred.db');
  open();
});
afterEach(async () => {
  await close();
  cleanup();
});

describe('the Kindred service over a real library', () => {
  it('adds, lists and removes folders, with typed errors for unknown ones', async () => {
    const folder = fixtureFolder();
    const added = await client.invoke('library.folders.add', { path: folder });
    expect(added.status).toBe('added');
    expect((await client.invoke('library.folders.add', { path: folder })).status).toBe('exists');
    expect((await client.invoke('library.folders.list')).map((f) => f.path)).toEqual([added.folder.path]);
    expect((await apiErrorOf(client.invoke('library.folders.add', { path: join(root, 'nowhere') }))).code).toBe('not_found');
    expect((await apiErrorOf(client.invoke('library.folders.remove', { folderId: 999 }))).code).toBe('not_found');
    expect(await client.invoke('library.folders.remove', { folderId: added.folder.id })).toEqual({ photosForgotten: 0 });
    expect(await client.invoke('library.folders.list')).toEqual([]);
    expect((await apiErrorOf(client.invoke('library.scan.start'))).code).toBe('conflict');
  });

  it('scans with progress events, then reports counts, problems, photos newest first and job history', async () => {
    const { folder } = await client.invoke('library.folders.add', { path: fixtureFolder() });
    const changed: string[][] = [];
    client.on('library.changed', (c) => changed.push(c.changes));
    const events = await scanToEnd();
    expect(events.map((e) => e.progress.phase)).toEqual(expect.arrayContaining(['listing', 'reading']));
    const last = events.at(-1)!;
    expect(last).toMatchObject({ kind: 'scan', state: 'done', summary: { kind: 'scan', read: 5, failed: 1, cancelled: false } });
    expect(changed.flat()).toContain('photos');

    const status = await client.invoke('library.status');
    expect(status).toMatchObject({ folders: 1, photos: 5, problems: 1, job: null, lastJob: { state: 'done' }, resumable: null });
    expect(status.files).toMatchObject({ ok: 5, error: 1, pending: 0 });

    const problems = await client.invoke('library.problems', { folderId: folder.id });
    expect(problems.total).toBe(1);
    expect(problems.items[0]).toMatchObject({ status: 'error', path: join(folder.path, 'truncated.jpg') });
    expect(problems.items[0]!.error).toMatch(/corrupt|truncated|readable/);

    const page = await client.invoke('photos.list', { offset: 0, limit: 3 });
    expect(page.total).toBe(5);
    expect(page.items).toHaveLength(3);
    const all = (await client.invoke('photos.list')).items;
    const dated = all.filter((p) => p.takenAt !== null);
    expect(dated.map((p) => p.takenAt)).toEqual([...dated.map((p) => p.takenAt)].sort((a, b) => b! - a!));
    expect(all.findIndex((p) => p.takenAt === null)).toBeGreaterThanOrEqual(dated.length); // undated last
    expect((await client.invoke('photos.list', { offset: 3, limit: 3 })).items.map((p) => p.id)).toEqual(all.slice(3).map((p) => p.id));

    const detail = await client.invoke('photos.get', { photoId: all[0]!.id });
    expect(detail.files).toHaveLength(1);
    expect(detail.available).toBe(true);
    expect((await apiErrorOf(client.invoke('photos.get', { photoId: 12345 }))).code).toBe('not_found');

    const history = await client.invoke('jobs.recent', { limit: 5 });
    expect(history[0]).toMatchObject({ kind: 'scan', state: 'done', progress: { phase: 'reading', done: 6, total: 6 } });
  });

  it('runs the whole scan pipeline by default: faces found, people changed, face crops served', async () => {
    await close();
    open(true);
    await client.invoke('library.folders.add', { path: fixtureFolder() });
    let peopleChanged = 0;
    client.on('people.changed', () => peopleChanged++);
    const events = await scanToEnd();
    const phases = [...new Set(events.map((e) => e.progress.phase))];
    expect(phases).toEqual(expect.arrayContaining(['listing', 'reading', 'faces', 'people']));
    const summary = events.at(-1)!.summary!;
    expect(summary.faces?.photos).toBe(5);
    expect(summary.faces?.faces).toBeGreaterThanOrEqual(3); // astronaut, Grace Hopper, cameraman
    expect(summary.people).not.toBeNull();
    expect(peopleChanged).toBe(1);
    const withFaces = [];
    for (const photo of (await client.invoke('photos.list')).items) {
      const detail = await client.invoke('photos.get', { photoId: photo.id });
      if (detail.faces.length > 0) withFaces.push(detail);
    }
    expect(withFaces.length).toBeGreaterThanOrEqual(3);
    const crop = await service.resolveMedia({ kind: 'face', id: withFaces[0]!.faces[0]!.id });
    expect(crop.found).toBe(true);
  });

  it('serves thumbnails, previews and face crops only for what the database knows', async () => {
    await client.invoke('library.folders.add', { path: fixtureFolder() });
    await scanToEnd();
    const photo = (await client.invoke('photos.list')).items.find((p) => p.width === 512 && p.height === 512)!;
    const thumbnail = await service.resolveMedia({ kind: 'thumbnail', id: photo.id });
    expect(thumbnail).toMatchObject({ found: true, contentType: 'image/webp' });
    expect(thumbnail.found && thumbnail.path.startsWith(library.thumbnailsDir)).toBe(true);
    expect((await service.resolveMedia({ kind: 'thumbnail', id: 99_999 })).found).toBe(false);
    expect((await service.resolveMedia({ kind: 'face', id: 1 })).found).toBe(false);
    // The viewer's preview: displayed orientation, never enlarged beyond the photo.
    const preview = await service.resolveMedia({ kind: 'preview', id: photo.id });
    expect(await sharp(preview.found ? preview.path : '').metadata()).toMatchObject({ format: 'webp', width: 512, height: 512 });
    expect((await service.resolveMedia({ kind: 'preview', id: 99_999 })).found).toBe(false);

    const faceId = new FaceRepository(library.db).insert(photo.id, {
      source: 'manual', detectorId: null, box: { x: 180, y: 60, width: 150, height: 190 }, landmarks: null,
      detectorScore: null, quality: null, lowQuality: false,
    });
    const crop = await service.resolveMedia({ kind: 'face', id: faceId });
    expect(crop.found).toBe(true);
    const meta = await sharp(crop.found ? crop.path : '').metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 192, height: 192 });
    expect((await client.invoke('photos.get', { photoId: photo.id })).faces).toEqual([
      expect.objectContaining({ id: faceId, box: { x: 180, y: 60, width: 150, height: 190 }, personId: null }),
    ]);
  });

  it('rejects invalid input with typed errors, never a crash', async () => {
    const invalid = await service.invoke('photos.list', { offset: -1, limit: 5000 });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!invalid.ok && invalid.error.issues?.map((i) => i.path[0]).sort()).toEqual(['limit', 'offset']);
    expect(await service.invoke('photos.get', { photoId: 1, extra: true })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await service.invoke('photos.get', { photoId: '1' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await service.invoke('library.folders.add', { path: 'a\0b' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await service.invoke('photos.get', null)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    for (const name of ['nope', '__proto__', 'constructor', 'toString', 42, null]) {
      expect(await service.invoke(name, {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
  });

  it('stores settings, validates them as a whole, and keeps them across a restart', async () => {
    expect(await client.invoke('settings.get')).toEqual({
      model: 'accurate', executionProvider: 'auto', thresholds: { detection: null, recognition: null, suggestion: null }, importMetadata: true, writeBackRegions: 'off', notifyWhenJobsEnd: true,
    });
    const changes: unknown[] = [];
    client.on('settings.changed', (s) => changes.push(s));
    // The fast model is marked unusable in the manifest: choosing it is refused with the manifest's reason.
    const fast = await apiErrorOf(client.invoke('settings.set', { model: 'fast' }));
    expect(fast).toMatchObject({ code: 'invalid_input', issues: [{ path: ['model'] }] });
    expect(fast.message).toMatch(/not available/);
    await client.invoke('settings.set', { model: 'accurate', executionProvider: 'cpu', thresholds: { recognition: 0.5 } });
    await client.invoke('settings.set', { thresholds: { suggestion: 0.7 }, importMetadata: false });
    expect(changes).toHaveLength(2);
    const bad = await apiErrorOf(client.invoke('settings.set', { thresholds: { suggestion: 0.4 } })); // below recognition
    expect(bad.code).toBe('invalid_input');
    expect((await apiErrorOf(client.invoke('settings.set', { executionProvider: 'tpu' as never }))).code).toBe('invalid_input');
    expect((await apiErrorOf(client.invoke('settings.set', { thresholds: { recognition: 3 } }))).code).toBe('invalid_input');

    await close();
    open();
    expect(await client.invoke('settings.get')).toEqual({
      model: 'accurate', executionProvider: 'cpu', thresholds: { detection: null, recognition: 0.5, suggestion: 0.7 }, importMetadata: false, writeBackRegions: 'off', notifyWhenJobsEnd: true,
    });
    // A damaged stored value falls back to its default instead of breaking the app.
    library.db.prepare(`UPDATE settings SET value = '"turbo"' WHERE key = 'executionProvider'`).run();
    expect((await client.invoke('settings.get')).executionProvider).toBe('auto');
    // A database that stored its settings before a field existed gets that field's default.
    await client.invoke('settings.set', { writeBackRegions: 'sidecar' });
    library.db.prepare(`DELETE FROM settings WHERE key = 'writeBackRegions'`).run();
    expect(await client.invoke('settings.get')).toMatchObject({ importMetadata: false, writeBackRegions: 'off' });
  });

  it('pauses a scan and resumes it where it stopped; a shutdown mid-scan is a pause the next start offers', async () => {
    const folder = join(root, 'many');
    for (let i = 0; i < 30; i++) await writeSyntheticJpeg(join(folder, `p${i}.jpg`), { seed: i });
    await client.invoke('library.folders.add', { path: folder });
    // Pause the moment reading starts: the listing is committed, every file still pending.
    const off = client.on('job.progress', (s) => {
      if (s.progress.phase === 'reading' && s.state === 'running') void client.invoke('library.scan.pause');
    });
    await client.invoke('library.scan.start');
    await service.whenIdle();
    off();
    const paused = await client.invoke('library.status');
    expect(paused.lastJob?.state).toBe('paused');
    expect(paused.resumable).toMatchObject({ kind: 'scan', reason: 'paused' });
    expect(paused.files.pending + paused.files.ok).toBe(30);
    expect(paused.files.pending).toBeGreaterThan(0);

    await client.invoke('library.scan.resume');
    await service.whenIdle();
    const resumed = await client.invoke('library.status');
    expect(resumed.files).toMatchObject({ ok: 30, pending: 0 });
    expect(resumed.lastJob?.summary?.read).toBe(paused.files.pending);
    expect(resumed.resumable).toBeNull();

    // Removing a folder while a job runs is refused rather than racing the scan.
    for (let i = 30; i < 60; i++) await writeSyntheticJpeg(join(folder, `p${i}.jpg`), { seed: i });
    const running = await client.invoke('library.scan.start');
    expect((await apiErrorOf(client.invoke('library.folders.remove', { folderId: 1 }))).code).toBe('busy');
    expect((await client.invoke('library.scan.start')).jobId).toBe(running.jobId);
    await close(); // shutdown pauses the scan
    open();
    const afterRestart = await client.invoke('library.status');
    expect(afterRestart.resumable).toMatchObject({ kind: 'scan', reason: 'paused' });
    await client.invoke('library.scan.resume');
    await service.whenIdle();
    expect((await client.invoke('library.status')).files).toMatchObject({ ok: 60, pending: 0 });
  });

  it('cancels a scan and forgets it; offers a scan that a crash left running', async () => {
    await client.invoke('library.folders.add', { path: fixtureFolder() });
    await client.invoke('library.scan.start');
    expect((await client.invoke('library.scan.cancel'))?.state).toBe('cancelling');
    await service.whenIdle();
    const status = await client.invoke('library.status');
    expect(status.lastJob?.state).toBe('cancelled');
    expect(status.resumable).toBeNull();
    expect((await apiErrorOf(client.invoke('library.scan.resume'))).code).toBe('conflict');

    await close();
    library = Library.open(dbPath);
    new JobRepository(library.db).start('scan', {}); // what a crash mid-scan leaves behind
    library.close();
    open();
    expect((await client.invoke('library.status')).resumable).toMatchObject({ kind: 'scan', reason: 'interrupted' });
    await client.invoke('library.scan.resume');
    await service.whenIdle();
    expect((await client.invoke('library.status')).files.ok).toBe(5);
  });
});
