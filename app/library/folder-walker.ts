import { readdir, realpath, stat } from 'node:fs/promises';
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
  /**
   * Entries whose name is not valid UTF-8: no string path can reach them, so they cannot be catalogued. `path` is
   * the folder joined with the escaped name (invalid bytes as `\xNN`), for a person to find and rename the file.
   */
  badNames: { path: string; reason: string }[];
}

/**
 * Lists the photo files below `root`, recursively. Hidden and system folders are skipped; symbolic links to
 * folders are followed, but each real folder is entered once, so a link loop cannot trap the walk.
 */
export async function walkFolder(root: string, signal?: AbortSignal): Promise<WalkResult> {
  const result: WalkResult = { files: [], unreadable: [], badNames: [] };
  const entered = new Set<string>();
  const stack: string[] = [root];
  while (stack.length > 0) {
    signal?.throwIfAborted();
    const dir = stack.pop()!;
    try {
      const real = await realpath(dir);
      if (entered.has(real)) continue;
      entered.add(real);
      // Raw bytes, not strings: Node would turn an invalid name into U+FFFD, a path that names nothing on disk.
      for (const raw of await readdir(dir, { encoding: 'buffer', withFileTypes: true })) {
        const name = decodeUtf8(raw.name);
        if (name === undefined) {
          const escaped = escapeFileName(raw.name);
          const wanted = raw.isDirectory() ? !isSkippedFolderName(escaped) : raw.isSymbolicLink() || isPhotoPath(escaped);
          const what = raw.isDirectory() ? 'folder' : 'file';
          if (wanted) result.badNames.push({ path: join(dir, escaped), reason: `${what} name is not valid UTF-8: ${escaped}` });
          continue;
        }
        const path = join(dir, name);
        if (raw.isDirectory()) {
          if (!isSkippedFolderName(name)) stack.push(path);
        } else if (raw.isFile() || raw.isSymbolicLink()) {
          await addEntry(path, name, raw.isSymbolicLink(), stack, result);
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

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** `bytes` as a string, or undefined when they are not valid UTF-8. */
function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** A file name's bytes as readable text: valid UTF-8 sequences as themselves, every other byte as `\xNN`. */
export function escapeFileName(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead < 0xe0 ? 2 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xf0 && lead < 0xf5 ? 4 : 0;
    const text = length > 0 ? decodeUtf8(bytes.subarray(i, i + length)) : undefined;
    if (text !== undefined && i + length <= bytes.length) {
      out += text;
      i += length;
    } else {
      out += `\\x${lead.toString(16).padStart(2, '0')}`;
      i += 1;
    }
  }
  return out;
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
