/**
 * The shapes several parts of the contract share: a page of a longer list, a file's status, a face on a photo. A
 * shape that belongs to one part lives in that part's `*-contract.ts` file. Plain, JSON-safe data; they mirror the
 * repositories' types on purpose but are declared here, so the renderer can use them without compiling any Node code.
 * Browser-safe: types only.
 */

/** One page of a longer list. */
export interface PageDto<T> {
  total: number;
  offset: number;
  items: T[];
}

export type FileStatusDto = 'pending' | 'ok' | 'error' | 'unsupported' | 'missing';

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
