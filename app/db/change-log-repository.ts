import type { Database } from 'better-sqlite3';

/** A people operation in the undo history. */
export interface ChangeLogEntry {
  id: number;
  kind: string;
  summary: string;
  createdAt: number;
}

/** An entry with what it changed, as it was before (the JSON the operation stored), to undo it. */
export interface UndoableChange extends ChangeLogEntry {
  before: unknown;
}

/** The `people_operations` table: each people operation, with enough of the state before it to undo it. */
export class ChangeLogRepository {
  constructor(private readonly db: Database) {}

  record(kind: string, summary: string, before: unknown, now = Date.now()): number {
    return Number(
      this.db.prepare('INSERT INTO people_operations (kind, summary, before, created_at) VALUES (?, ?, ?, ?)').run(kind, summary, JSON.stringify(before), now)
        .lastInsertRowid,
    );
  }

  /** The most recent operation not yet undone. */
  latestUndoable(): UndoableChange | undefined {
    const row = this.db
      .prepare('SELECT id, kind, summary, before, created_at FROM people_operations WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1')
      .get() as { id: number; kind: string; summary: string; before: string; created_at: number } | undefined;
    return row && { id: row.id, kind: row.kind, summary: row.summary, createdAt: row.created_at, before: JSON.parse(row.before) as unknown };
  }

  markUndone(id: number, now = Date.now()): void {
    this.db.prepare('UPDATE people_operations SET undone_at = ? WHERE id = ?').run(now, id);
  }

  /** The operations that can still be undone, newest first. */
  undoable(limit = 20): ChangeLogEntry[] {
    return (
      this.db
        .prepare('SELECT id, kind, summary, created_at FROM people_operations WHERE undone_at IS NULL ORDER BY id DESC LIMIT ?')
        .all(limit) as { id: number; kind: string; summary: string; created_at: number }[]
    ).map((r) => ({ id: r.id, kind: r.kind, summary: r.summary, createdAt: r.created_at }));
  }
}
