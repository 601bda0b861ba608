import type { MetadataConflictRecord } from '../db/metadata-conflict-repository.js';
import type { RegionFormat } from './region-parsing.js';

export type { ConflictKind } from '../db/metadata-conflict-repository.js';

/** A region name that contradicts the user's own word, waiting for review (stored by `MetadataConflictRepository`). */
export interface MetadataConflict extends MetadataConflictRecord {
  format: RegionFormat;
}
