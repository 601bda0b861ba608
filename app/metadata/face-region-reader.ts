import type { FaceBox } from '../db/face-repository.js';
import type { MetadataTool } from './metadata-tool.js';
import { asOrientation, displayedSize, storedSize, toPixelBox, type Orientation } from './region-geometry.js';
import { FACE_TAG_ARGS, parseFaceTags, type ParseOptions, type ParsedFaceTags, type RegionFormat } from './region-parsing.js';
import { findSidecar } from './sidecar-paths.js';

/** The displayed (EXIF-oriented) image: what Kindred shows and where face boxes live. */
export interface DisplayedImage {
  width: number;
  height: number;
  orientation: Orientation;
}

/** A face region from metadata as a pixel box of the displayed image. */
export interface ImportedRegion {
  name: string | null;
  box: FaceBox;
  format: RegionFormat;
  /** The frame the file used: `stored` per MWG, or `displayed` when AppliedToDimensions showed it. */
  frame: 'stored' | 'displayed';
}

/** What a photo's metadata says about the people in it. */
export interface FaceRegionsRead {
  /** Where the tags came from: a sidecar wins over embedded XMP when it has any people data. */
  source: { kind: 'sidecar' | 'embedded'; path: string } | null;
  image: DisplayedImage;
  regions: ImportedRegion[];
  /** People named without a usable region. */
  names: string[];
  warnings: string[];
}

export interface ReadRegionsOptions extends ParseOptions {
  /** The displayed size and orientation Kindred catalogued (what boxes must fit); read from the file when absent. */
  image?: DisplayedImage;
  /** Whether to look for `photo.jpg.xmp` / `photo.xmp` sidecars (default true). */
  sidecars?: boolean;
}

const IMAGE_ARGS = ['-EXIF:Orientation', '-ImageWidth', '-ImageHeight'];

/** The displayed size and orientation of an image, as ExifTool reads them from the file. */
export async function readDisplayedImage(imagePath: string, tool: MetadataTool): Promise<DisplayedImage> {
  return imageFromTags(await tool.readTags(imagePath, IMAGE_ARGS), imagePath);
}

/**
 * Reads face regions (MWG, Microsoft People Tagging, IPTC Image Regions) and name-only person tags of an image, from
 * its sidecar when that has people data, else from its embedded XMP, and converts every region to a pixel box of the
 * displayed image. Throws only when the image itself cannot be read.
 */
export async function readFaceRegions(imagePath: string, tool: MetadataTool, options: ReadRegionsOptions = {}): Promise<FaceRegionsRead> {
  const sidecarPath = options.sidecars === false ? null : await findSidecar(imagePath);
  const warnings: string[] = [];
  const [embeddedTags, sidecarTags] = await Promise.all([
    tool.readTags(imagePath, options.image ? FACE_TAG_ARGS : [...FACE_TAG_ARGS, ...IMAGE_ARGS]),
    sidecarPath
      ? tool.readTags(sidecarPath, FACE_TAG_ARGS).catch((error: unknown) => {
          warnings.push(`sidecar ${sidecarPath} not readable: ${error instanceof Error ? error.message : String(error)}`);
          return null;
        })
      : null,
  ]);
  const image = options.image ?? imageFromTags(embeddedTags, imagePath);
  const stored = storedSize(image.width, image.height, image.orientation);
  const geometry = { storedWidth: stored.width, storedHeight: stored.height, orientation: image.orientation };

  let parsed: ParsedFaceTags | null = null;
  let source: FaceRegionsRead['source'] = null;
  if (sidecarTags && sidecarPath) {
    const fromSidecar = parseFaceTags(sidecarTags, geometry, options);
    if (hasPeople(fromSidecar)) [parsed, source] = [fromSidecar, { kind: 'sidecar', path: sidecarPath }];
  }
  if (!parsed) {
    const fromFile = parseFaceTags(embeddedTags, geometry, options);
    parsed = fromFile;
    if (hasPeople(fromFile)) source = { kind: 'embedded', path: imagePath };
  }
  return {
    source,
    image,
    regions: parsed.regions.map((r) => ({ name: r.name, box: toPixelBox(r.rect, image.width, image.height), format: r.format, frame: r.frame })),
    names: parsed.names,
    warnings: [...warnings, ...parsed.warnings],
  };
}

const hasPeople = (p: ParsedFaceTags): boolean => p.regions.length > 0 || p.names.length > 0;

function imageFromTags(tags: Record<string, unknown>, path: string): DisplayedImage {
  const width = Number(tags.ImageWidth);
  const height = Number(tags.ImageHeight);
  if (!(width > 0) || !(height > 0)) throw new Error(`${path}: image size unknown to ExifTool`);
  const orientation = asOrientation(tags.Orientation);
  return { ...displayedSize(width, height, orientation), orientation };
}
