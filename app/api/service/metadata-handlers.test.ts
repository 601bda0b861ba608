import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaceRepository } from '../../db/face-repository.js';
import { PeopleRepository } from '../../db/people-repository.js';
import { Library } from '../../db/library.js';
import { openExifTool } from '../../metadata/metadata-tool.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { writeSyntheticJpeg } from '../../testing/synthetic-photos.js';
import type { JobSnapshotDto } from '../contract/jobs-contract.js';
import { createKindredClient, type KindredClient } from '../contract/kindred-client.js';
import { createKindredService, type KindredService } from './kindred-service.js';
import { localTransport } from './local-transport.js';
import type { RegionExportSummaryDto } from '../contract/metadata-contract.js';
import { apiErrorOf as errorOf } from './testing/scanned-service.js';

let cleanup: () => void;
let library: Library;
let service: KindredService;
let client: KindredClient;
let annPhoto: string;
let otherPhoto: string;
let annId: number;
const exported: { jobId: number; summary: RegionExportSummaryDto }[] = [];
const finished: JobSnapshotDto[] = [];

/** A catalogued library of two photos: one where Ann's face is confirmed, one where a face is only guessed as Bob. */
beforeAll(async () => {
  const temp = makeTempDir('kindred-metadata-api-');
  cleanup = temp.cleanup;
  const folder = join(temp.dir, 'photos');
  annPhoto = join(folder, 'ann.jpg');
  otherPhoto = join(folder, 'bob.jpg');
  await writeSyntheticJpeg(annPhoto, { seed: 1 });
  await writeSyntheticJpeg(otherPhoto, { seed: 2 });
  library = Library.open(join(temp.dir, 'data', 'kindred.db'));
  // Catalogue only: the faces and names are set below, as the People view would leave them.
  service = createKindredService(library, { findFaces: false });
  client = createKindredClient(localTransport(service));
  client.on('metadata.regionsExported', (e) => exported.push(e));
  client.on('job.progress', (s) => {
    if (s.finishedAt !== null) finished.push(s);
  });
  await client.invoke('library.folders.add', { path: folder });
  await client.invoke('library.scan.start', {});
  await service.whenIdle();

  const photoOf = (path: string) => library.db.prepare('SELECT photo_id FROM files WHERE path = ?').pluck().get(path) as number;
  const faces = new FaceRepository(library.db);
  const people = new PeopleRepository(library.db);
  const face = (photoId: number, personId: number, assignment: 'confirmed' | 'auto') => {
    const id = faces.insert(photoId, {
      source: 'detected',
      detectorId: null,
      box: { x: 10, y: 12, width: 20, height: 24 },
      landmarks: null,
      detectorScore: 0.9,
      quality: 0.9,
      lowQuality: false,
    });
    faces.assign(id, personId, assignment);
  };
  annId = people.create('Ann Lee');
  face(photoOf(annPhoto), annId, 'confirmed');
  face(photoOf(otherPhoto), people.create('Bob'), 'auto');
}, 60_000);
afterAll(async () => {
  await service.shutdown();
  library.close();
  cleanup();
});

describe('metadata.exportRegions over the contract (real library, real ExifTool)', () => {
  it('refuses while write-back is off in Settings and no mode is given', async () => {
    expect((await client.invoke('settings.get')).writeBackRegions).toBe('off');
    const refusal = await errorOf(client.invoke('metadata.exportRegions', {}));
    expect(refusal.code).toBe('conflict');
    expect(refusal.message).toMatch(/off in Settings/);
    expect(existsSync(`${annPhoto}.xmp`)).toBe(false);
  });

  it('refuses a mode it does not know and a person who does not exist', async () => {
    const bad = await errorOf(client.invoke('metadata.exportRegions', { mode: 'xmp' as 'sidecar' }));
    expect(bad.code).toBe('invalid_input');
    expect(bad.issues?.[0]?.path).toEqual(['mode']);
    expect((await errorOf(client.invoke('metadata.exportRegions', { mode: 'sidecar', personId: 9999 }))).code).toBe('not_found');
  });

  it('writes the confirmed names into .xmp sidecars as a job when the setting says sidecar', async () => {
    await client.invoke('settings.set', { writeBackRegions: 'sidecar' });
    const photoBefore = readFileSync(annPhoto);
    const started = await client.invoke('metadata.exportRegions', {});
    expect(started).toMatchObject({ kind: 'export-regions', state: 'running' });
    await service.whenIdle();

    const job = finished.find((s) => s.jobId === started.jobId);
    expect(job).toMatchObject({ state: 'done', error: null, progress: { phase: 'writing', done: 1, total: 1 } });
    const event = exported.find((e) => e.jobId === started.jobId);
    expect(event?.summary).toEqual({ mode: 'sidecar', photos: 1, written: 1, failed: 0, failures: [], warnings: [], cancelled: false });

    const sidecar = `${annPhoto}.xmp`;
    expect(readFileSync(sidecar, 'utf8')).toContain('Ann Lee');
    const tool = openExifTool();
    try {
      const tags = await tool.readTags(sidecar, ['-XMP-mwg-rs:RegionInfo']);
      const regions = (tags['RegionInfo'] as { RegionList: { Name: string; Type: string }[] }).RegionList;
      expect(regions.map((r) => [r.Name, r.Type])).toEqual([['Ann Lee', 'Face']]);
    } finally {
      await tool.close();
    }
    // Sidecar mode leaves the photo alone, and a guessed name is not written anywhere.
    expect(readFileSync(annPhoto).equals(photoBefore)).toBe(true);
    expect(existsSync(`${otherPhoto}.xmp`)).toBe(false);
  });

  it('an explicit mode and person override the setting', async () => {
    await client.invoke('settings.set', { writeBackRegions: 'off' });
    const started = await client.invoke('metadata.exportRegions', { mode: 'sidecar', personId: annId });
    await service.whenIdle();
    expect(finished.find((s) => s.jobId === started.jobId)?.state).toBe('done');
    expect(exported.find((e) => e.jobId === started.jobId)?.summary).toMatchObject({ mode: 'sidecar', photos: 1, written: 1, failed: 0 });
  });

  it("an explicit request to embed is refused (conflict, no job, photo untouched) unless the setting says embed", async () => {
    const photoBefore = readFileSync(annPhoto);
    for (const setting of ['off', 'sidecar'] as const) {
      await client.invoke('settings.set', { writeBackRegions: setting });
      const refusal = await errorOf(client.invoke('metadata.exportRegions', { mode: 'embed' }));
      expect(refusal.code).toBe('conflict');
      expect(refusal.message).toMatch(new RegExp(`not allowed while Settings say "${setting}"`));
    }
    await service.whenIdle();
    expect(readFileSync(annPhoto).equals(photoBefore)).toBe(true);

    await client.invoke('settings.set', { writeBackRegions: 'embed' });
    const started = await client.invoke('metadata.exportRegions', { mode: 'embed' });
    await service.whenIdle();
    expect(exported.find((e) => e.jobId === started.jobId)?.summary).toMatchObject({ mode: 'embed', written: 1, failed: 0 });
    expect(readFileSync(annPhoto).equals(photoBefore)).toBe(false);
  });

  it('cancels a running write-back, and says so when none runs', async () => {
    expect(await client.invoke('metadata.cancelExport')).toBeNull();
    const started = await client.invoke('metadata.exportRegions', { mode: 'sidecar' });
    const cancelled = await client.invoke('metadata.cancelExport');
    await service.whenIdle();
    // The job may have finished its one photo before the cancel arrived; either way it ended and nothing else runs.
    expect(cancelled === null || cancelled.jobId === started.jobId).toBe(true);
    expect(['done', 'cancelled']).toContain(finished.find((s) => s.jobId === started.jobId)?.state);
    expect(await client.invoke('metadata.cancelExport')).toBeNull();
  });
});
