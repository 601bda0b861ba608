import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { openDatabase } from './open-database.js';
import { Repositories } from './repositories.js';

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
  ) {
    super(db);
    const dataDir = dirname(databasePath);
    this.thumbnailsDir = join(dataDir, 'thumbnails');
    this.indexDir = join(dataDir, 'index');
  }

  /** Opens (creating and migrating if needed) the library whose database is at `databasePath`. */
  static open(databasePath: string): Library {
    const db = openDatabase(databasePath);
    const library = new Library(db, databasePath);
    mkdirSync(library.thumbnailsDir, { recursive: true });
    return library;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
