/**
 * "Export picks": the picked frames of a shoot (the filter of the culling view) copied or linked into a folder, or
 * listed in a text file, for the editor or the client. A copy brings its `.xmp` sidecar along, so the stars and labels
 * go with it. Nothing is overwritten: a name already taken in the folder gets a number (`IMG_1.jpg` → `IMG_1-2.jpg`).
 */
import { constants } from 'node:fs';
import { copyFile, link, mkdir, stat, symlink, writeFile } from 'node:fs/promises';
import { basename, extname, isAbsolute, join } from 'node:path';
import type { ShootFilter } from '../db/cull-repository.js';
import type { Library } from '../db/library.js';
import { findSidecar } from '../metadata/sidecar-paths.js';

export type ExportPicksHow = 'copy' | 'link' | 'list';

export interface ExportPicksSummary {
  how: ExportPicksHow;
  /** The folder (copy, link) or the list file. */
  target: string;
  picked: number;
  exported: number;
  /** Picked photos with no readable file. */
  skipped: number;
  errors: string[];
}

/** A bad target: relative, or a list file that exists. */
export class ExportPicksError extends Error {
  override name = 'ExportPicksError';
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** A free name in `folder` for `name`: itself, else `stem-2.ext`, `stem-3.ext`… */
async function freeName(folder: string, name: string, taken: Set<string>): Promise<string> {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : `${stem}-${n}${ext}`;
    if (!taken.has(candidate.toLowerCase()) && !(await exists(join(folder, candidate)))) {
      taken.add(candidate.toLowerCase());
      return candidate;
    }
  }
}

export async function exportPicks(library: Library, filter: ShootFilter, how: ExportPicksHow, target: string): Promise<ExportPicksSummary> {
  if (!isAbsolute(target)) throw new ExportPicksError(`The target must be an absolute path: ${target}`);
  const picked = library.culls.photos(filter).filter((p) => p.flag === 'pick');
  const summary: ExportPicksSummary = { how, target, picked: picked.length, exported: 0, skipped: 0, errors: [] };
  const paths: string[] = [];
  for (const photo of picked) {
    const file = library.files.readableOf(photo.id)[0];
    if (file) paths.push(file.path);
    else summary.skipped++;
  }
  if (how === 'list') {
    if (await exists(target)) throw new ExportPicksError(`${target} already exists: choose a new file for the list`);
    await writeFile(target, paths.map((p) => `${p}\n`).join(''), { flag: 'wx' });
    summary.exported = paths.length;
    return summary;
  }
  await mkdir(target, { recursive: true });
  const taken = new Set<string>();
  for (const path of paths) {
    try {
      const name = await freeName(target, basename(path), taken);
      const to = join(target, name);
      if (how === 'copy') {
        await copyFile(path, to, constants.COPYFILE_EXCL);
        const sidecar = await findSidecar(path);
        if (sidecar) await copyFile(sidecar, `${to}.xmp`, constants.COPYFILE_EXCL).catch(() => undefined);
      } else {
        // A hard link costs no space and survives the original being moved; across disks, a symbolic link.
        await link(path, to).catch(() => symlink(path, to));
      }
      summary.exported++;
    } catch (error) {
      summary.errors.push(`${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return summary;
}
