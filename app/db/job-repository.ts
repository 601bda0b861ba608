import type { Database } from 'better-sqlite3';
import type { JobProgress } from '../shared/job-progress.js';

export type JobState = 'queued' | 'running' | 'cancelled' | 'done' | 'failed';

export interface JobRecord {
  id: number;
  kind: string;
  state: JobState;
  params: unknown;
  progress: JobProgress | null;
  error: string | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

interface JobRow {
  id: number;
  kind: string;
  state: JobState;
  params: string;
  progress: string | null;
  error: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

const toRecord = (r: JobRow): JobRecord => ({
  id: r.id,
  kind: r.kind,
  state: r.state,
  params: JSON.parse(r.params) as unknown,
  progress: r.progress ? (JSON.parse(r.progress) as JobProgress) : null,
  error: r.error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  finishedAt: r.finished_at,
});

/** Jobs table: what ran, what is running, and what a crash interrupted. */
export class JobRepository {
  constructor(private readonly db: Database) {}

  start(kind: string, params: unknown, now = Date.now()): number {
    const result = this.db
      .prepare(`INSERT INTO jobs (kind, state, params, created_at, updated_at) VALUES (?, 'running', ?, ?, ?)`)
      .run(kind, JSON.stringify(params ?? {}), now, now);
    return Number(result.lastInsertRowid);
  }

  saveProgress(id: number, progress: JobProgress, now = Date.now()): void {
    this.db.prepare('UPDATE jobs SET progress = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(progress), now, id);
  }

  finish(id: number, state: 'done' | 'cancelled' | 'failed', error: string | null = null, now = Date.now()): void {
    this.db.prepare('UPDATE jobs SET state = ?, error = ?, updated_at = ?, finished_at = ? WHERE id = ?').run(state, error, now, now, id);
  }

  get(id: number): JobRecord | undefined {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    return row && toRecord(row);
  }

  /** Jobs still marked running, i.e. interrupted by a crash (call before starting new work). */
  interrupted(kind?: string): JobRecord[] {
    const rows = this.db
      .prepare(`SELECT * FROM jobs WHERE state = 'running' ${kind ? 'AND kind = ?' : ''} ORDER BY id`)
      .all(...(kind ? [kind] : [])) as JobRow[];
    return rows.map(toRecord);
  }

  recent(limit = 20): JobRecord[] {
    return (this.db.prepare('SELECT * FROM jobs ORDER BY id DESC LIMIT ?').all(limit) as JobRow[]).map(toRecord);
  }
}
