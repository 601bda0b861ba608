import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { Library } from '../../db/library.js';
import { fixturesDir } from '../../testing/shared-faces.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { createKindredService, type KindredService } from './kindred-service.js';

/** Every worker thread the process starts, counted where it is created. */
const threads = vi.hoisted(() => ({ started: 0, live: 0, mostLive: 0 }));
vi.mock('node:worker_threads', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:worker_threads')>();
  class CountedWorker extends real.Worker {
    constructor(...args: ConstructorParameters<typeof real.Worker>) {
      super(...args);
      threads.started++;
      threads.live++;
      threads.mostLive = Math.max(threads.mostLive, threads.live);
      this.once('exit', () => threads.live--);
    }
  }
  return { ...real, default: { ...real, Worker: CountedWorker }, Worker: CountedWorker };
});

let library: Library;
let service: KindredService;
let cleanup: () => void;

beforeAll(() => {
  let root: string;
  ({ dir: root, cleanup } = makeTempDir());
  library = Library.open(join(root, 'data', 'kindred.db'));
  service = createKindredService(library);
});
afterAll(async () => {
  await service.shutdown();
  library.close();
  cleanup();
});

it('concurrent searches by image share one bounded pool, closed on shutdown', async () => {
  const image = readFileSync(join(fixturesDir, 'grace_hopper_512x512.jpg')).toString('base64');
  const answers = await Promise.all(Array.from({ length: 4 }, () => service.invoke('search.byFace', { image, k: 3 })));
  for (const answer of answers) expect(answer).toMatchObject({ ok: true, value: { results: [] } });
  expect(threads.started).toBe(1);
  expect(threads.mostLive).toBe(1);
  await service.shutdown();
  await vi.waitFor(() => expect(threads.live).toBe(0), { timeout: 30_000, interval: 50 });
}, 120_000);
