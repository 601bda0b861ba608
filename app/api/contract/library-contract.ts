/** The library part of the contract: folders, scanning, status and per-file problems. */
import { z } from 'zod';
import type { AddFolderResultDto, FileProblemDto, FolderDto, JobSnapshot, LibraryChange, LibraryStatus, Page } from './api-types.js';
import { idSchema, noInput, pageInput, userPathSchema } from './common-schemas.js';
import { event, method } from './contract-kit.js';

export const libraryMethods = {
  'library.folders.list': method<FolderDto[]>()({ input: noInput, summary: 'The library folders, by path.' }),
  'library.folders.add': method<AddFolderResultDto>()({
    input: z.strictObject({ path: userPathSchema }),
    summary: 'Adds a folder (a folder inside a library folder adds nothing; one that contains library folders absorbs them).',
  }),
  'library.folders.remove': method<{ photosForgotten: number }>()({
    input: z.strictObject({ folderId: idSchema }),
    summary: 'Removes a folder from the library (never touching the files on disk).',
  }),
  'library.scan.start': method<JobSnapshot>()({
    input: z.strictObject({ folderIds: z.array(idSchema).min(1).max(10_000).optional() }),
    summary: 'Starts scanning the given folders (all when absent); while a scan runs, returns that scan.',
  }),
  'library.scan.pause': method<JobSnapshot | null>()({
    input: noInput,
    summary: 'Stops the running scan so that library.scan.resume continues it; finished files are kept.',
  }),
  'library.scan.resume': method<JobSnapshot>()({ input: noInput, summary: 'Continues a paused or interrupted scan.' }),
  'library.scan.cancel': method<JobSnapshot | null>()({
    input: noInput,
    summary: 'Stops the running scan (finished files are kept) and forgets any paused one.',
  }),
  'library.status': method<LibraryStatus>()({
    input: noInput,
    summary: 'Counts of folders, photos and files per status, and the running, last and resumable jobs.',
  }),
  'library.problems': method<Page<FileProblemDto>>()({
    input: z.strictObject({ folderId: idSchema.optional(), ...pageInput(1000, 200) }),
    summary: 'Files that could not be catalogued, by path, with the reason.',
  }),
} as const;

export const libraryEvents = {
  'library.changed': event<{ changes: LibraryChange[] }>('Folders, files or photos changed: refetch what you show of them.'),
} as const;
