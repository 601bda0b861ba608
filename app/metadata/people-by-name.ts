import type { Database } from 'better-sqlite3';
import { normaliseName } from '../db/people-repository.js';

/**
 * The little of the people aggregate that importing names needs: look a person up by name (case-insensitively,
 * as the `people_name` index is) and create one. Kept behind this interface so it can be swapped for the people
 * repository or operations without touching the importer.
 */
export interface PeopleByName {
  /** The id of the person with this name (any case), or undefined. */
  find(name: string): number | undefined;
  /** Creates a named person and returns the id. */
  create(name: string): number;
}

/** `PeopleByName` straight on the `people` table; names are normalised as the people repository does. */
export function sqlPeopleByName(db: Database): PeopleByName {
  const select = db.prepare('SELECT id FROM people WHERE name = ? COLLATE NOCASE');
  const insert = db.prepare('INSERT INTO people (name, created_at, updated_at) VALUES (?, ?, ?)');
  return {
    find(name) {
      return (select.get(normaliseName(name)) as { id: number } | undefined)?.id;
    },
    create(name) {
      const now = Date.now();
      return Number(insert.run(normaliseName(name), now, now).lastInsertRowid);
    },
  };
}
