import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { access, stat, utimes } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readDisplayedImage, type DisplayedImage } from './face-region-reader.js';
import type { MetadataTool } from './metadata-tool.js';
import { buildRegionStructs, type RegionToKeep, type RegionToWrite } from './region-structs.js';
import { sidecarPathForWriting } from './sidecar-paths.js';

/** Where names are written: an `.xmp` sidecar beside the photo (default), or into the photo file itself. */
export type WriteMode = 'sidecar' | 'embed';

/** The outcome for one image file; writing never throws, so one bad file cannot stop a batch. */
export interface RegionWriteResult {
  imagePath: string;
  /** The file written (the sidecar, or the image itself). */
  target: string;
  mode: WriteMode;
  status: 'written' | 'skipped' | 'error';
  regions: number;
  error?: string;
}

export interface WriteRegionsOptions {
  mode?: WriteMode;
  /** The displayed size and orientation Kindred catalogued; read from the file when absent. */
  image?: DisplayedImage;
  /**
   * The file as Kindred catalogued it. Embedding refuses a file that no longer matches (size, modification time,
   * content hash): it changed since the scan, so the faces and boxes Kindred would write may not be this image's.
   */
  catalogued?: { size: number; mtimeMs: number; contentHash: string };
  /** Regions of other tools held by open metadata conflicts: kept, with their names, even where they overlap ours. */
  keep?: readonly RegionToKeep[];
}

/** The catalogued file was changed since Kindred read it. */
export async function changedSinceCatalogue(path: string, catalogued: NonNullable<WriteRegionsOptions['catalogued']>): Promise<string | null> {
  const info = await stat(path);
  if (info.size !== catalogued.size) return `its size changed (${catalogued.size} → ${info.size} bytes)`;
  if (Math.abs(info.mtimeMs - catalogued.mtimeMs) >= 1) return 'its modification time changed';
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  if (hash.digest('hex') !== catalogued.contentHash) return 'its content changed';
  return null;
}

const REGION_TAGS = ['-XMP-mwg-rs:RegionInfo', '-XMP-MP:RegionInfoMP'];

/**
 * Writes named face regions (pixel boxes of the displayed image) as MWG Regions and Microsoft People Tagging,
 * merged with the regions already there. Only those two tags change; ExifTool copies pixel data and all other
 * metadata unchanged. The image file is rewritten in place (its inode stays: symlinks, hard links and extended
 * attributes survive) and keeps its modification time; embedding checks first that it still is the catalogued file.
 * Regions another tool wrote for an image of another shape make the file's result an error, the file untouched
 * (StaleForeignRegionsError). A read-only target (even for root, who could
 * write it anyway: the read-only flag is the user's word), a format ExifTool cannot write, or any other failure
 * comes back as an `error` result.
 */
export async function writeFaceRegions(
  imagePath: string,
  regions: readonly RegionToWrite[],
  tool: MetadataTool,
  options: WriteRegionsOptions = {},
): Promise<RegionWriteResult> {
  const mode = options.mode ?? 'sidecar';
  let target = imagePath;
  try {
    target = mode === 'embed' ? imagePath : await sidecarPathForWriting(imagePath);
    if (regions.length === 0) return { imagePath, target, mode, status: 'skipped', regions: 0 };
    const before = await stat(imagePath);
    const targetExists = mode === 'embed' || (await exists(target));
    await assertWritable(target, targetExists);
    if (mode === 'embed' && options.catalogued) {
      const changed = await changedSinceCatalogue(imagePath, options.catalogued);
      if (changed) throw new Error(`not written: the file changed since Kindred catalogued it (${changed}); rescan first`);
    }
    const image = options.image ?? (await readDisplayedImage(imagePath, tool));
    // A new sidecar starts from the photo's embedded regions, so a reader that prefers sidecars loses nothing.
    const existing = await tool.readTags(targetExists ? target : imagePath, REGION_TAGS);
    const structs = buildRegionStructs(regions, image, existing, options.keep ?? []);
    await tool.writeTags(target, { 'XMP-mwg-rs:RegionInfo': structs.RegionInfo, 'XMP-MP:RegionInfoMP': structs.RegionInfoMP });
    // ExifTool's -P keeps the time to the second; put it back to the microsecond (Kindred's catalogue compares ms).
    if (mode === 'embed') await utimes(imagePath, before.atimeMs / 1000, before.mtimeMs / 1000);
    return { imagePath, target, mode, status: 'written', regions: regions.length };
  } catch (error) {
    return { imagePath, target, mode, status: 'error', regions: regions.length, error: describe(error) };
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

export async function assertWritable(target: string, targetExists: boolean): Promise<void> {
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

export function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.trim() || 'unknown error';
}
