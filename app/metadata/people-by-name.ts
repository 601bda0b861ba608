import type { PeopleRepository } from '../db/people-repository.js';

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

/** `PeopleByName` over the people repository (names normalised and matched case-insensitively there). */
export function peopleByName(people: PeopleRepository): PeopleByName {
  return {
    find: (name) => people.idByName(name),
    create: (name) => people.create(name),
  };
}
