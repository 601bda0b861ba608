/**
 * How media (thumbnails, previews, face crops) are named on every transport: by the kind and the database id of what
 * they show, never by a file path. `/thumbnail/12` is photo 12's thumbnail, `/preview/12` the large picture the photo
 * viewer shows; `/face/7` is face 7's crop. Parsing is
 * strict: anything else (dot segments, encoded characters, extra segments, huge numbers) is refused. Browser-safe.
 */

export type MediaKind = 'thumbnail' | 'preview' | 'face';

/** A piece of media, named by what it shows. */
export interface MediaRef {
  kind: MediaKind;
  id: number;
}

const MEDIA_PATH = /^\/(thumbnail|preview|face)\/([1-9][0-9]{0,15})$/;

/** The path of a media reference, e.g. `/thumbnail/12`. */
export function mediaPath(ref: MediaRef): string {
  return `/${ref.kind}/${ref.id}`;
}

/** Parses a raw (not percent-decoded) path; null when it is not exactly a media path. */
export function parseMediaPath(rawPath: string): MediaRef | null {
  const match = MEDIA_PATH.exec(rawPath);
  if (!match) return null;
  const id = Number(match[2]);
  if (!Number.isSafeInteger(id)) return null;
  return { kind: match[1] as MediaKind, id };
}
