import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { FileRepository } from './file-repository.js';
import { FolderRepository } from './folder-repository.js';
import { openDatabase } from './open-database.js';
import { PhotoRepository } from './photo-repository.js';
import { JobRepository } from './job-repository.js';

/**
 * An open Kindred library: the database (the source of truth) and the data folder beside it that holds derived,
 * rebuildable caches (thumbnails, HNSW indexes).
 */
export class Library {
  readonly folders: FolderRepository;
  readonly files: FileRepository;
  readonly photos: PhotoRepository;
  readonly jobs: JobRepository;
  readonly thumbnailsDir: string;
  readonly indexDir: string;

  private constructor(
    readonly db: Database,
    readonly databasePath: string,
  ) {
    this.folders = new FolderRepository(db);
    this.files = new FileRepository(db);
    this.photos = new PhotoRepository(db);
    this.jobs = new JobRepository(db);
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
