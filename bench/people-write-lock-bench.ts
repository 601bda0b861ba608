// How long regrouping a large library holds the database's write lock. `npx tsx bench/people-write-lock-bench.ts
// [faces=100000]` (or `… --writes-only [faces]`, the writes alone, see below): synthetic 128-d embeddings (app/index/synthetic-embeddings.ts) in an on-disk WAL library, all
// faces unknown (the heaviest regroup: everything is clustered), then `updatePeople` run two ways on copies of it:
// as before (the whole regroup inside one IMMEDIATE transaction) and as now (computed outside, written in batches).
// Prints the longest single transaction of each and their ratio. Not a test: nothing here is asserted.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EmbeddingRepository } from '../app/db/embedding-repository.js';
import { openDatabase } from '../app/db/open-database.js';
import { Repositories } from '../app/db/repositories.js';
import { FaceIndex } from '../app/index/face-index.js';
import { syntheticEmbeddings } from '../app/index/synthetic-embeddings.js';
import { PEOPLE_WRITE_BATCH, updatePeople } from '../app/people/people-grouping.js';
import { PendingPeopleWrites } from '../app/people/pending-people-writes.js';
import { insertPhotoWithFaces } from '../app/testing/face-fixtures.js';

const MODEL = 'bench-model';
const DIM = 128;
const FACES_PER_PHOTO = 3;
const thresholds = { verify: 0.9, auto: 0.7 };

/**
 * The writes alone, at sizes where clustering itself would take hours here: a plan putting every face into one of
 * count/50 new groups, written as one transaction (a lower bound of the old hold, which also held the computing)
 * and in `PEOPLE_WRITE_BATCH` batches.
 */
export function runPeopleWritesOnlyBench(count: number, log = (line: string) => console.error(line)) {
  const dir = join(tmpdir(), `kindred-people-writes-bench-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  try {
    const base = join(dir, 'base.db');
    const db = openDatabase(base);
    const faceIds: number[] = [];
    db.transaction(() => {
      for (let i = 0; i < count; i += FACES_PER_PHOTO) faceIds.push(...insertPhotoWithFaces(db, `p${i}`, Math.min(FACES_PER_PHOTO, count - i)).faceIds);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const groups = Math.max(1, Math.floor(count / 50));
    const measure = (name: string, batch: number) => {
      const path = join(dir, `${name}.db`);
      copyFileSync(base, path);
      const db = openDatabase(path);
      const repositories = new Repositories(db);
      const writes = new PendingPeopleWrites();
      const groupIds = Array.from({ length: groups }, () => writes.newGroup());
      faceIds.forEach((faceId, i) => writes.assign(faceId, groupIds[i % groups]!, 'auto', null));
      const holds: number[] = [];
      const store = {
        people: repositories.people,
        faces: repositories.faces,
        transaction: <T>(fn: () => T): T => {
          const start = performance.now();
          try {
            return repositories.transaction(fn);
          } finally {
            holds.push(performance.now() - start);
          }
        },
      };
      writes.apply(store, batch);
      db.close();
      const longest = Math.max(...holds);
      log(`writes only, ${name}: ${holds.length} transactions, longest hold ${longest.toFixed(1)} ms`);
      return { transactions: holds.length, longestHoldMs: longest };
    };
    return { faces: count, oneTransaction: measure('one-transaction', count), batched: measure('batched', PEOPLE_WRITE_BATCH) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runPeopleWriteLockBench(count: number, log = (line: string) => console.error(line)) {
  const dir = join(tmpdir(), `kindred-people-lock-bench-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  try {
    const base = join(dir, 'base.db');
    let t = performance.now();
    const db = openDatabase(base);
    db.prepare(`INSERT INTO models (id, role, sha256, embedding_size, registered_at) VALUES (?, 'embedder', '', ?, 0)`).run(MODEL, DIM);
    const data = syntheticEmbeddings({ count, dimensions: DIM, seed: 1 });
    const embeddings = new EmbeddingRepository(db);
    db.transaction(() => {
      for (let i = 0; i < count; i += FACES_PER_PHOTO) {
        const { faceIds } = insertPhotoWithFaces(db, `p${i}`, Math.min(FACES_PER_PHOTO, count - i));
        faceIds.forEach((id, j) => embeddings.put(id, MODEL, data.vectors.subarray((i + j) * DIM, (i + j + 1) * DIM)));
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    log(`library of ${count} faces written in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const run = async (mode: 'one transaction (before)' | 'batched (now)') => {
      const path = join(dir, `${mode.startsWith('one') ? 'before' : 'now'}.db`);
      copyFileSync(base, path);
      const db = openDatabase(path);
      const repositories = new Repositories(db);
      t = performance.now();
      const index = await FaceIndex.build(join(dir, 'unsaved'), MODEL, DIM, new EmbeddingRepository(db).all(MODEL, DIM));
      log(`${mode}: index built in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      const holds: number[] = [];
      let depth = 0;
      const store = {
        people: repositories.people,
        faces: repositories.faces,
        transaction: <T>(fn: () => T): T => {
          const start = performance.now();
          depth++;
          try {
            return repositories.transaction(fn);
          } finally {
            depth--;
            if (depth === 0) holds.push(performance.now() - start);
          }
        },
      };
      t = performance.now();
      const options = { modelId: MODEL, thresholds, index, full: true };
      const summary = mode.startsWith('one') ? store.transaction(() => updatePeople(store, options)) : updatePeople(store, options);
      const total = performance.now() - t;
      db.close();
      const longest = Math.max(...holds);
      log(`${mode}: regroup ${(total / 1000).toFixed(1)} s, ${holds.length} transactions, longest write-lock hold ${longest.toFixed(1)} ms`);
      return { totalMs: total, transactions: holds.length, longestHoldMs: longest, newGroups: summary.newGroups, facesInNewGroups: summary.facesInNewGroups };
    };
    const before = await run('one transaction (before)');
    const now = await run('batched (now)');
    return { faces: count, before, now, longestHoldRatio: before.longestHoldMs / now.longestHoldMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv.includes('--writes-only')) {
  const count = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 100_000);
  const r = runPeopleWritesOnlyBench(count);
  console.log(`people writes only, ${r.faces} faces into ${Math.floor(r.faces / 50)} new groups:`);
  console.log(`  one transaction  longest hold ${r.oneTransaction.longestHoldMs.toFixed(1)} ms (a lower bound of the old hold: it also held the computing)`);
  console.log(`  batched          ${r.batched.transactions} transactions, longest hold ${r.batched.longestHoldMs.toFixed(1)} ms`);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 100_000);
  const r = await runPeopleWriteLockBench(count);
  console.log(`people write lock, ${r.faces} synthetic faces (all unknown, full regroup):`);
  console.log(`  before: one transaction   longest hold ${r.before.longestHoldMs.toFixed(1)} ms (regroup ${(r.before.totalMs / 1000).toFixed(1)} s)`);
  console.log(`  now:    ${r.now.transactions} transactions  longest hold ${r.now.longestHoldMs.toFixed(1)} ms (regroup ${(r.now.totalMs / 1000).toFixed(1)} s)`);
  console.log(`  ratio   ${r.longestHoldRatio.toFixed(0)}× shorter longest hold; groups ${r.before.newGroups} / ${r.now.newGroups}`);
}
