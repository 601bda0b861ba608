import type { Database } from 'better-sqlite3';
import { AnalysisRepository } from './analysis-repository.js';
import { CullRepository } from './cull-repository.js';
import { ChangeLogRepository } from './change-log-repository.js';
import { EmbeddingRepository } from './embedding-repository.js';
import { FaceRepository } from './face-repository.js';
import { FileRepository } from './file-repository.js';
import { FolderRepository } from './folder-repository.js';
import { HeadRepository } from './head-repository.js';
import { JobRepository } from './job-repository.js';
import { LibraryQueries } from './library-queries.js';
import { MetadataConflictRepository } from './metadata-conflict-repository.js';
import { inTransaction } from './open-database.js';
import { PeopleRepository } from './people-repository.js';
import { PhotoRepository } from './photo-repository.js';
import { ReviewRepository } from './review-repository.js';
import { SettingsRepository } from './settings-repository.js';

/**
 * Every repository of one library database, created once: what the domains take instead of a connection, so all
 * SQL stays in app/db. `Library` is this plus the data folder; tests may build one over an in-memory database.
 */
export class Repositories {
  readonly folders: FolderRepository;
  readonly files: FileRepository;
  readonly photos: PhotoRepository;
  readonly faces: FaceRepository;
  readonly embeddings: EmbeddingRepository;
  readonly analyses: AnalysisRepository;
  readonly people: PeopleRepository;
  readonly changeLog: ChangeLogRepository;
  readonly reviews: ReviewRepository;
  readonly conflicts: MetadataConflictRepository;
  readonly heads: HeadRepository;
  readonly jobs: JobRepository;
  readonly settings: SettingsRepository;
  readonly queries: LibraryQueries;
  readonly culls: CullRepository;

  constructor(readonly db: Database) {
    this.folders = new FolderRepository(db);
    this.files = new FileRepository(db);
    this.photos = new PhotoRepository(db);
    this.faces = new FaceRepository(db);
    this.embeddings = new EmbeddingRepository(db);
    this.analyses = new AnalysisRepository(db);
    this.people = new PeopleRepository(db);
    this.changeLog = new ChangeLogRepository(db);
    this.reviews = new ReviewRepository(db);
    this.conflicts = new MetadataConflictRepository(db);
    this.heads = new HeadRepository(db);
    this.jobs = new JobRepository(db);
    this.settings = new SettingsRepository(db);
    this.queries = new LibraryQueries(db, this.faces);
    this.culls = new CullRepository(db);
  }

  /** Runs `fn` in an IMMEDIATE transaction (the write lock taken up front; nested calls become savepoints). */
  transaction<T>(fn: () => T): T {
    return inTransaction(this.db, fn);
  }
}
