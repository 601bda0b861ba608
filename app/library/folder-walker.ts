import { opendir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { ListedFile } from '../db/file-repository.js';
import { isPhotoPath } from './supported-formats.js';

/** Folder names never descended into: hidden folders, OS and NAS system folders, other tools' caches. */
const SKIPPED_FOLDERS = new Set([
  '$RECYCLE.BIN', 'System Volume Information', 'lost+found', '@eaDir', '#recycle', '#snapshot', 'node_modules',
  '__MACOSX', 'Thumbs', '.thumbnails',
]);

export function isSkippedFolderName(name: string): boolean {
  return name.startsWith('.') || SKIPPED_FOLDERS.has(name);
}

/** The result of walking one library folder. */
export interface WalkResult {
  files: ListedFile[];
  /** Folders that could not be read (permission denied...), with the reason; their files are not reported missing. */
  unreadable: { path: string; reason: string }[];
}

/**
 * Lists the photo files below `root`, recursively. Hidden and system folders are skipped; symbolic links to
 * folders are followed, but each real folder is entered once, so a link loop cannot trap the walk.
 */
export async function walkFolder(root: string, signal?: AbortSignal): Promise<WalkResult> {
  const result: WalkResult = { files: [], unreadable: [] };
  const entered = new Set<string>();
  const stack: string[] = [root];
  while (stack.length > 0) {
    signal?.throwIfAborted();
    const dir = stack.pop()!;
    try {
      const real = await realpath(dir);
      if (entered.has(real)) continue;
      entered.add(real);
      const handle = await opendir(dir);
      for await (const entry of handle) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!isSkippedFolderName(entry.name)) stack.push(path);
        } else if (entry.isFile() || entry.isSymbolicLink()) {
          await addEntry(path, entry.name, entry.isSymbolicLink(), stack, result);
        }
      }
    } catch (error) {
      result.unreadable.push({ path: dir, reason: describeFsError(error) });
    }
  }
  result.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result;
}

async function addEntry(path: string, name: string, isLink: boolean, stack: string[], result: WalkResult): Promise<void> {
  if (!isLink && !isPhotoPath(path)) return;
  try {
    const info = await stat(path); // follows links
    if (info.isDirectory()) {
      if (!isSkippedFolderName(name)) stack.push(path);
    } else if (info.isFile() && isPhotoPath(path)) {
      result.files.push({ path, size: info.size, mtimeMs: info.mtimeMs });
    }
  } catch {
    // A dangling link or a file deleted while listing: nothing to catalogue.
  }
}

/** A short, readable reason for a file-system error. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'file vanished before it could be read';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'EIO':
      return 'input/output error (disk or network drive problem)';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** `path` with a trailing separator, for prefix tests that must not match `/a/bc` for `/a/b`. */
export function asFolderPrefix(path: string): string {
  return path.endsWith(sep) ? path : path + sep;
}
