import { extname } from 'node:path';

/** File extensions Kindred catalogues, lower-case with the dot. */
export const PHOTO_EXTENSIONS: ReadonlySet<string> = new Set([
  '.jpg', '.jpeg', '.jpe', '.png', '.webp', '.tif', '.tiff', '.gif', '.avif', '.heic', '.heif',
]);

/** sharp's format names that Kindred can decode on this platform (HEIC needs an HEVC decoder sharp lacks). */
export const DECODABLE_FORMATS: ReadonlySet<string> = new Set(['jpeg', 'png', 'webp', 'tiff', 'gif', 'avif', 'heif']);

export function isPhotoPath(path: string): boolean {
  return PHOTO_EXTENSIONS.has(extname(path).toLowerCase());
}

export function isHeicPath(path: string): boolean {
  const ext = extname(path).toLowerCase();
  return ext === '.heic' || ext === '.heif';
}
