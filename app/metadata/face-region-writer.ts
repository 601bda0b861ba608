import { readDisplayedImage, type DisplayedImage } from './face-region-reader.js';
import type { MetadataTool } from './metadata-tool.js';
import { buildRegionStructs, type RegionToKeep, type RegionToWrite } from './region-structs.js';
import { checkWriteTarget, describeWriteError, writeTargetPath, type CataloguedFile, type WriteMode } from './xmp-write-target.js';

export type { WriteMode } from './xmp-write-target.js';

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
  catalogued?: CataloguedFile;
  /** Regions of other tools held by open metadata conflicts: kept, with their names, even where they overlap ours. */
  keep?: readonly RegionToKeep[];
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
    target = await writeTargetPath(imagePath, mode);
    if (regions.length === 0) return { imagePath, target, mode, status: 'skipped', regions: 0 };
    const { targetExists, keepModificationTime } = await checkWriteTarget(imagePath, target, mode, options.catalogued);
    const image = options.image ?? (await readDisplayedImage(imagePath, tool));
    // A new sidecar starts from the photo's embedded regions, so a reader that prefers sidecars loses nothing.
    const existing = await tool.readTags(targetExists ? target : imagePath, REGION_TAGS);
    const structs = buildRegionStructs(regions, image, existing, options.keep ?? []);
    await tool.writeTags(target, { 'XMP-mwg-rs:RegionInfo': structs.RegionInfo, 'XMP-MP:RegionInfoMP': structs.RegionInfoMP });
    await keepModificationTime();
    return { imagePath, target, mode, status: 'written', regions: regions.length };
  } catch (error) {
    return { imagePath, target, mode, status: 'error', regions: regions.length, error: describeWriteError(error) };
  }
}
