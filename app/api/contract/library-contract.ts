/** The library part of the contract: folders, scanning, status and per-file problems. Browser-safe: zod only. */
import { z } from 'zod';
import type { FileStatusDto, PageDto } from './common-types.js';
import { idSchema, noInput, pageInput, userPathSchema } from './common-schemas.js';
import { event, method } from './contract-kit.js';
import type { JobSnapshotDto, ResumableJobDto } from './jobs-contract.js';

/** A folder of the library. */
export interface FolderDto {
  id: number;
  path: string;
  albumPersonId: number | null;
  addedAt: number;
  lastScanAt: number | null;
}

/** What adding a folder did: a new folder, one already there, or one that a library folder already covers. */
export type AddFolderResultDto =
  | { status: 'added'; folder: FolderDto; absorbed: FolderDto[] }
  | { status: 'exists'; folder: FolderDto }
  | { status: 'covered'; folder: FolderDto };

/** A file that could not be catalogued, and why (in words a person can act on). */
export interface FileProblemDto {
  id: number;
  path: string;
  status: 'error' | 'unsupported';
  error: string;
}

/**
 * What a scan did (the summary of a finished, paused or cancelled scan): the catalogue, then, when those phases
 * ran, the faces found, the names imported from photo metadata, and the people recognised or grouped.
 */
export interface ScanSummaryDto {
  kind: 'scan';
  listed: { added: number; changed: number; unchanged: number; restored: number; vanished: number };
  read: number;
  failed: number;
  unsupported: number;
  vanishedWhileReading: number;
  unreadableFolders: { path: string; reason: string }[];
  cancelled: boolean;
  faces: { photos: number; faces: number; failed: number } | null;
  names: { photos: number; confirmed: number; newFaces: number; createdPeople: number; conflicts: number; failed: number } | null;
  people: { recognisedAuto: number; recognisedSuggested: number; joinedGroups: number; newGroups: number; facesInNewGroups: number; dissolvedGroups: number } | null;
}

/** The library at a glance. */
export interface LibraryStatusDto {
  folders: number;
  photos: number;
  files: Record<FileStatusDto, number>;
  problems: number;
  /** The job running now, if any. */
  job: JobSnapshotDto | null;
  /** The last job that finished since the core started, if any. */
  lastJob: JobSnapshotDto | null;
  resumable: ResumableJobDto | null;
}

/** One folder's sub-folders, for choosing a folder where the client cannot ask the system (`kindred serve`). */
export interface FolderListingDto {
  path: string;
  /** Null at the filesystem root. */
  parent: string | null;
  home: string;
  folders: { name: string; path: string }[];
  truncated: boolean;
}

/** What changed in the library, so clients refetch only that. */
export type LibraryChangeDto = 'folders' | 'files' | 'photos';

export const libraryMethods = {
  'library.folders.list': method<FolderDto[]>()({ input: noInput, summary: 'The library folders, by path.' }),
  'library.folders.add': method<AddFolderResultDto>()({
    input: z.strictObject({ path: userPathSchema }),
    summary: 'Adds a folder (a folder inside a library folder adds nothing; one that contains library folders absorbs them).',
  }),
  'library.folders.browse': method<FolderListingDto>()({
    input: z.strictObject({ path: userPathSchema.optional(), showHidden: z.boolean().optional() }),
    summary: 'The sub-folders of an absolute path (the home folder when absent); only folders, never above the root.',
  }),
  'library.folders.remove': method<{ photosForgotten: number }>()({
    input: z.strictObject({ folderId: idSchema }),
    summary: 'Removes a folder from the library (never touching the files on disk).',
  }),
  'library.scan.start': method<JobSnapshotDto>()({
    input: z.strictObject({ folderIds: z.array(idSchema).min(1).max(10_000).optional() }),
    summary: 'Starts scanning the given folders (all when absent); while a scan runs, returns that scan.',
  }),
  'library.scan.pause': method<JobSnapshotDto | null>()({
    input: noInput,
    summary: 'Stops the running scan so that library.scan.resume continues it; finished files are kept.',
  }),
  'library.scan.resume': method<JobSnapshotDto>()({ input: noInput, summary: 'Continues a paused or interrupted scan.' }),
  'library.scan.cancel': method<JobSnapshotDto | null>()({
    input: noInput,
    summary: 'Stops the running scan (finished files are kept) and forgets any paused one.',
  }),
  'library.status': method<LibraryStatusDto>()({
    input: noInput,
    summary: 'Counts of folders, photos and files per status, and the running, last and resumable jobs.',
  }),
  'library.problems': method<PageDto<FileProblemDto>>()({
    input: z.strictObject({ folderId: idSchema.optional(), ...pageInput(1000, 200) }),
    summary: 'Files that could not be catalogued, by path, with the reason.',
  }),
} as const;

export const libraryEvents = {
  'library.changed': event<{ changes: LibraryChangeDto[] }>('Folders, files or photos changed: refetch what you show of them.'),
} as const;
