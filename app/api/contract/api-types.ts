/**
 * The shapes that cross the contract: plain, JSON-safe data. They mirror the repositories' types on purpose but are
 * declared here, so the renderer can use them without compiling any Node code. Browser-safe: types only.
 */

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

export type FileStatusDto = 'pending' | 'ok' | 'error' | 'unsupported' | 'missing';

/** A file that could not be catalogued, and why (in words a person can act on). */
export interface FileProblemDto {
  id: number;
  path: string;
  status: 'error' | 'unsupported';
  error: string;
}

/** One page of a longer list. */
export interface Page<T> {
  total: number;
  offset: number;
  items: T[];
}

/** Structured progress of a long job. */
export interface JobProgressDto {
  phase: string;
  done: number;
  total: number;
  /** Items per second over the last few seconds. */
  rate: number;
  /** Seconds left at the current rate; null until a rate is known. */
  etaSeconds: number | null;
}

/** Where a job stands: running, on its way to stopping, or finished in one of four ways. */
export type JobRunState = 'running' | 'pausing' | 'cancelling' | 'done' | 'paused' | 'cancelled' | 'failed';

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

/** The summary of any finished job; one member per job kind (analysis and training add theirs). */
export type JobSummaryDto = ScanSummaryDto;

/** A job as the UI follows it. */
export interface JobSnapshot {
  jobId: number;
  kind: string;
  state: JobRunState;
  progress: JobProgressDto;
  startedAt: number;
  finishedAt: number | null;
  error: string | null;
  summary: JobSummaryDto | null;
}

/** A job that can be continued: paused by the user, or interrupted by a crash. */
export interface ResumableJob {
  kind: string;
  params: unknown;
  reason: 'paused' | 'interrupted';
}

/** The library at a glance. */
export interface LibraryStatus {
  folders: number;
  photos: number;
  files: Record<FileStatusDto, number>;
  problems: number;
  /** The job running now, if any. */
  job: JobSnapshot | null;
  /** The last job that finished since the core started, if any. */
  lastJob: JobSnapshot | null;
  resumable: ResumableJob | null;
}

/** A photo as a grid shows it. */
export interface PhotoSummary {
  id: number;
  width: number;
  height: number;
  /** Wall-clock capture time in milliseconds (EXIF local time read as UTC), or null when unknown. */
  takenAt: number | null;
  /** False when every file of the photo has vanished from disk (the thumbnail and faces remain). */
  available: boolean;
}

export type FaceAssignmentDto = 'auto' | 'suggested' | 'confirmed';

/** A face on a photo, in pixels of the displayed image. */
export interface FaceDto {
  id: number;
  photoId: number;
  box: { x: number; y: number; width: number; height: number };
  source: 'detected' | 'manual' | 'imported';
  quality: number | null;
  lowQuality: boolean;
  personId: number | null;
  assignment: FaceAssignmentDto | null;
  confidence: number | null;
}

/** A face marked by hand (`photos.addFace`). */
export interface AddedFaceDto {
  face: FaceDto;
  /** Whether a face was found in the box: if not, the box is kept for naming but takes no part in recognition. */
  found: boolean;
}

/** Everything the photo viewer needs. */
export interface PhotoDetail extends PhotoSummary {
  contentHash: string;
  format: string;
  orientation: number;
  camera: string | null;
  files: { path: string; status: FileStatusDto }[];
  faces: FaceDto[];
}

export type JobRecordState = 'queued' | 'running' | 'cancelled' | 'done' | 'failed';

/** A row of the job history. */
export interface JobRecordDto {
  id: number;
  kind: string;
  state: JobRecordState;
  params: unknown;
  progress: JobProgressDto | null;
  error: string | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

/** What changed in the library, so clients refetch only that. */
export type LibraryChange = 'folders' | 'files' | 'photos';
