/**
 * Where and whether Kindred may write a photo's metadata (names, ratings): an `.xmp` sidecar beside the photo by
 * default, or the photo file itself. The checks every writer makes before writing, in one place: the target is a
 * writable regular file (or may be created), and an embedded write still finds the very file Kindred catalogued.
 */
import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { access, stat, utimes } from 'node:fs/promises';
import { dirname } from 'node:path';
import { sidecarPathForWriting } from './sidecar-paths.js';

/** Where metadata is written: an `.xmp` sidecar beside the photo (default), or into the photo file itself. */
export type WriteMode = 'sidecar' | 'embed';

/** The file as Kindred catalogued it (size, modification time, content hash). */
export interface CataloguedFile {
  size: number;
  mtimeMs: number;
  contentHash: string;
}

/** A checked write target. */
export interface XmpWriteTarget {
  /** Whether the target already exists (a new sidecar starts from the photo's own metadata). */
  targetExists: boolean;
  /** Puts the photo's modification time back after an embedded write (ExifTool's -P keeps it only to the second). */
  keepModificationTime(): Promise<void>;
}

/** The file a write in `mode` goes to: the photo itself, or its sidecar. */
export async function writeTargetPath(imagePath: string, mode: WriteMode): Promise<string> {
  return mode === 'embed' ? imagePath : sidecarPathForWriting(imagePath);
}

/** Checks that `target` may be written for `imagePath`; throws a one-line reason when not. */
export async function checkWriteTarget(imagePath: string, target: string, mode: WriteMode, catalogued?: CataloguedFile): Promise<XmpWriteTarget> {
  const before = await stat(imagePath);
  const targetExists = mode === 'embed' || (await exists(target));
  await assertWritable(target, targetExists);
  if (mode === 'embed' && catalogued) {
    const changed = await changedSinceCatalogue(imagePath, catalogued);
    if (changed) throw new Error(`not written: the file changed since Kindred catalogued it (${changed}); rescan first`);
  }
  return {
    targetExists,
    keepModificationTime: async () => {
      if (mode === 'embed') await utimes(imagePath, before.atimeMs / 1000, before.mtimeMs / 1000);
    },
  };
}

/** Why the catalogued file no longer matches (null when it still does). */
export async function changedSinceCatalogue(path: string, catalogued: CataloguedFile): Promise<string | null> {
  const info = await stat(path);
  if (info.size !== catalogued.size) return `its size changed (${catalogued.size} → ${info.size} bytes)`;
  if (Math.abs(info.mtimeMs - catalogued.mtimeMs) >= 1) return 'its modification time changed';
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  if (hash.digest('hex') !== catalogued.contentHash) return 'its content changed';
  return null;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** A read-only target refuses even root, who could write it anyway: the read-only flag is the user's word. */
async function assertWritable(target: string, targetExists: boolean): Promise<void> {
  if (!targetExists) {
    const folder = await stat(dirname(target));
    const writable = (folder.mode & 0o222) !== 0 && (await access(dirname(target), constants.W_OK).then(() => true, () => false));
    if (!writable) throw new Error(`cannot create ${target}: the folder is read-only`);
    return;
  }
  const info = await stat(target);
  if (!info.isFile()) throw new Error(`${target} is not a regular file`);
  if ((info.mode & 0o222) === 0) throw new Error(`${target} is read-only`);
  await access(target, constants.W_OK).catch(() => {
    throw new Error(`${target} is not writable`);
  });
}

/** The first line of an error's message, for a per-file result. */
export function describeWriteError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.trim() || 'unknown error';
}
