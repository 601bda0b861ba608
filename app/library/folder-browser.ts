/**
 * A folder chooser for clients that cannot ask the system (a browser under `kindred serve` never sees absolute
 * paths): one folder's sub-folders at a time, starting at the home folder. Only directories are listed; files are
 * neither listed nor accepted; `..` is resolved away, so a listing never climbs above the filesystem root.
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, parse, resolve } from 'node:path';

/** A sub-folder as the chooser shows it. */
export interface FolderEntry {
  name: string;
  path: string;
}

/** One folder's listing. */
export interface FolderListing {
  /** The folder listed (absolute, normalised). */
  path: string;
  /** Its parent, or null at the filesystem root. */
  parent: string | null;
  /** The home folder, where browsing starts. */
  home: string;
  /** Its sub-folders, by name (hidden ones left out unless asked for). */
  folders: FolderEntry[];
  /** Sub-folders that could not be listed in full (more than the cap). */
  truncated: boolean;
}

/** Why a folder cannot be listed: it does not exist, is a file, or cannot be read. */
export class FolderBrowseError extends Error {
  constructor(
    readonly reason: 'not_found' | 'not_a_folder' | 'unreadable' | 'not_absolute',
    message: string,
  ) {
    super(message);
    this.name = 'FolderBrowseError';
  }
}

/** A folder with more sub-folders than this lists the first ones by name (a person picks by scrolling, not by 50 000). */
const MAX_ENTRIES = 5000;

/**
 * The sub-folders of `path` (the home folder when absent). A relative path is refused: the chooser always sends back
 * a path it was given. Symbolic links to folders are listed (Pictures is often one); links to files are not.
 */
export async function listFolder(path?: string, options: { showHidden?: boolean } = {}): Promise<FolderListing> {
  const home = homedir();
  if (path !== undefined && !isAbsolute(path)) throw new FolderBrowseError('not_absolute', `Not an absolute path: ${path}`);
  const folder = resolve(path ?? home); // resolves `..`: resolve('/..') is '/'
  let info;
  try {
    info = await stat(folder);
  } catch {
    throw new FolderBrowseError('not_found', `No such folder: ${folder}`);
  }
  if (!info.isDirectory()) throw new FolderBrowseError('not_a_folder', `Not a folder (a file): ${folder}`);
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    throw new FolderBrowseError('unreadable', `Kindred may not read this folder (${(error as NodeJS.ErrnoException).code ?? 'error'}): ${folder}`);
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (!options.showHidden && entry.name.startsWith('.')) continue;
    if (entry.isDirectory() || (entry.isSymbolicLink() && (await isDirectory(join(folder, entry.name))))) names.push(entry.name);
  }
  names.sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true }));
  const isRoot = parse(folder).root === folder;
  return {
    path: folder,
    parent: isRoot ? null : dirname(folder),
    home,
    folders: names.slice(0, MAX_ENTRIES).map((name) => ({ name, path: join(folder, name) })),
    truncated: names.length > MAX_ENTRIES,
  };
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
