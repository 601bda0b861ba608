import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';

/**
 * The two sidecar names in use for `photo.jpg`: `photo.jpg.xmp` (digiKam, darktable, Immich; unambiguous) and
 * `photo.xmp` (Lightroom, Capture One; shared by every file of that stem, e.g. a RAW + JPEG pair). Full name first.
 */
export function sidecarCandidates(imagePath: string): [fullName: string, stemName: string] {
  const dir = dirname(imagePath);
  const name = basename(imagePath);
  const stem = name.slice(0, name.length - extname(name).length);
  return [join(dir, `${name}.xmp`), join(dir, `${stem}.xmp`)];
}

async function mtimeOf(path: string): Promise<number | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.mtimeMs : null;
  } catch {
    return null;
  }
}

/**
 * The sidecar to read for `imagePath`, or null: the most recently modified of the two names (the one a tool touched
 * last is the one it keeps up to date); on a tie, `photo.jpg.xmp`. The `.XMP` spelling is found on case-insensitive
 * file systems only, like the other tools do.
 */
export async function findSidecar(imagePath: string): Promise<string | null> {
  const [full, stem] = sidecarCandidates(imagePath);
  const [fullTime, stemTime] = await Promise.all([mtimeOf(full), mtimeOf(stem)]);
  if (fullTime === null) return stemTime === null ? null : stem;
  if (stemTime === null) return full;
  return stemTime > fullTime ? stem : full;
}

/**
 * Where Kindred writes a sidecar for `imagePath`: into `photo.jpg.xmp` if it exists; else into `photo.xmp` if it
 * exists and no other file of the folder shares the stem (so it is this photo's own); else a new `photo.jpg.xmp`.
 */
export async function sidecarPathForWriting(imagePath: string): Promise<string> {
  const [full, stem] = sidecarCandidates(imagePath);
  if ((await mtimeOf(full)) !== null) return full;
  if ((await mtimeOf(stem)) !== null) {
    const stemName = basename(stem, '.xmp').toLowerCase();
    const own = basename(imagePath).toLowerCase();
    let shared = false;
    try {
      shared = (await readdir(dirname(imagePath))).some((entry) => {
        const lower = entry.toLowerCase();
        return lower !== own && !lower.endsWith('.xmp') && lower.slice(0, lower.length - extname(lower).length) === stemName;
      });
    } catch {
      shared = true; // cannot tell: do not risk writing into another file's sidecar
    }
    if (!shared) return stem;
  }
  return full;
}
