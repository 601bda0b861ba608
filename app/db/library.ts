import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { openDatabase, schemaIsCurrent } from './open-database.js';
import { Repositories } from './repositories.js';
import { takeWriterLock, type WriterLock } from './writer-lock.js';

/** How a process opens a library: `write` (the default) takes the library's writer lock, `read` only reads. */
export interface LibraryOpenOptions {
  access?: 'write' | 'read';
  /** Names this process in the message a second writer gets (default: its command line). */
  command?: string;
}

/**
 * An open Kindred library: the database (the source of truth) with its repositories (`library.faces`,
 * `library.people`, …) and the data folder beside it that holds derived, rebuildable caches (thumbnails, HNSW
 * indexes).
 */
export class Library extends Repositories {
  readonly thumbnailsDir: string;
  readonly indexDir: string;

  private constructor(
    db: Database,
    readonly databasePath: string,
    private readonly writerLock: WriterLock | null,
  ) {
    super(db);
    const dataDir = dirname(databasePath);
    this.thumbnailsDir = join(dataDir, 'thumbnails');
    this.indexDir = join(dataDir, 'index');
  }

  /**
   * Opens the library whose database is at `databasePath`. A writer (the default) takes the library's writer lock
   * first — one library, one writer: a second process that would write gets `LibraryInUseError` naming the first —
   * then creates and migrates the database if needed. A reader takes no lock and opens an existing, current database
   * read-only (a library that does not exist yet, or whose schema is behind, is opened as by a writer).
   */
  static open(databasePath: string, options: LibraryOpenOptions = {}): Library {
    if (options.access === 'read' && existsSync(databasePath)) {
      const db = openDatabase(databasePath, { readonly: true });
      try {
        if (schemaIsCurrent(db)) return new Library(db, databasePath, null);
      } catch (error) {
        db.close();
        throw error;
      }
      db.close(); // an older schema is migrated first, which is a writer's work
    }
    const lock = databasePath === ':memory:' ? null : takeWriterLock(databasePath, options.command ?? commandLine());
    try {
      const db = openDatabase(databasePath);
      const library = new Library(db, databasePath, lock);
      mkdirSync(library.thumbnailsDir, { recursive: true });
      return library;
    } catch (error) {
      lock?.release();
      throw error;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
    this.writerLock?.release();
  }
}

/** This process's command line, for the message a second writer gets. */
function commandLine(): string {
  return [basename(process.argv[1] ?? 'node'), ...process.argv.slice(2)].join(' ');
}
