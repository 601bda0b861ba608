import { realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Folder } from '../db/folder-repository.js';
import { asFolderPrefix } from './folder-walker.js';
import type { Library } from '../db/library.js';

/** What adding a folder did: a new folder, one already in the library, or a folder an existing one already covers. */
export type AddFolderResult =
  | { status: 'added'; folder: Folder; absorbed: Folder[] }
  | { status: 'exists'; folder: Folder }
  | { status: 'covered'; folder: Folder };

/**
 * Adds a folder to the library. A folder inside one already there adds nothing (its photos are already
 * catalogued); a folder that contains library folders absorbs them, keeping their files and everything hanging on
 * them. The stored path is the real path, so two routes to one folder are one folder.
 */
export async function addFolder(library: Library, path: string): Promise<AddFolderResult> {
  let real: string;
  try {
    real = await realpath(resolve(path));
    if (!(await stat(real)).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new Error(`Not a folder Kindred can read: ${path}`);
  }
  const existing = library.folders.byPath(real);
  if (existing) return { status: 'exists', folder: existing };
  const folders = library.folders.list();
  const parent = folders.find((f) => real.startsWith(asFolderPrefix(f.path)));
  if (parent) return { status: 'covered', folder: parent };
  const children = folders.filter((f) => f.path.startsWith(asFolderPrefix(real)));
  const folder = library.transaction(() => {
    const added = library.folders.insert(real);
    for (const child of children) {
      library.files.reassignFolder(asFolderPrefix(child.path), added.id);
      library.folders.delete(child.id);
    }
    return added;
  });
  return { status: 'added', folder, absorbed: children };
}

/**
 * Removes a folder from the library (never touching the files on disk). Photos no other folder shows are
 * forgotten with their faces; a photo that also lives in another folder keeps everything.
 */
export function removeFolder(library: Library, folderId: number): { photosForgotten: number } {
  return library.transaction(() => {
    if (!library.folders.get(folderId)) throw new Error(`No folder with id ${folderId}`);
    library.folders.delete(folderId); // files cascade
    return { photosForgotten: library.photos.deleteOrphans() };
  });
}
