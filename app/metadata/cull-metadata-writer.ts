/**
 * Writes a photographer's decision about a photo where other tools read it: stars as `xmp:Rating` (0–5), a reject as
 * `xmp:Rating = -1` (Lightroom, darktable and digiKam read -1 as rejected) and the flag as `xmp:Label` ("Pick" or
 * "Reject"). A colour label another tool set ("Red", "Green"…) is left alone: only an empty label or one of ours is
 * replaced or removed. The same targets and checks as the names (face-region-writer.ts): a sidecar by default, or
 * the photo file itself, pixel data and other metadata copied unchanged, modification time kept.
 */
import type { MetadataTool } from './metadata-tool.js';
import { checkWriteTarget, describeWriteError, writeTargetPath, type CataloguedFile, type WriteMode } from './xmp-write-target.js';

/** The decision as written. */
export interface CullDecision {
  flag: 'pick' | 'reject' | null;
  /** 0–5 stars. */
  rating: number;
}

export interface CullWriteResult {
  imagePath: string;
  target: string;
  status: 'written' | 'error';
  error?: string;
}

/** Labels Kindred writes (and may therefore replace or remove). */
export const CULL_LABELS = { pick: 'Pick', reject: 'Reject' } as const;
const OUR_LABELS = new Set<string>(Object.values(CULL_LABELS));

/** The xmp:Rating a decision is written as. */
export function ratingOf(decision: CullDecision): number {
  return decision.flag === 'reject' ? -1 : decision.rating;
}

/** Writes one decision into one image's sidecar (or the image, mode 'embed'); never throws. */
export async function writeCullDecision(
  imagePath: string,
  decision: CullDecision,
  tool: MetadataTool,
  options: { mode?: WriteMode; catalogued?: CataloguedFile } = {},
): Promise<CullWriteResult> {
  const mode = options.mode ?? 'sidecar';
  let target = imagePath;
  try {
    target = await writeTargetPath(imagePath, mode);
    const { targetExists, keepModificationTime } = await checkWriteTarget(imagePath, target, mode, options.catalogued);
    const existing = await tool.readTags(targetExists ? target : imagePath, ['-XMP-xmp:Label']);
    const label = typeof existing['Label'] === 'string' ? existing['Label'] : '';
    const tags: Record<string, unknown> = { 'XMP-xmp:Rating': ratingOf(decision) };
    if (label === '' || OUR_LABELS.has(label)) tags['XMP-xmp:Label'] = decision.flag === null ? null : CULL_LABELS[decision.flag];
    await tool.writeTags(target, tags);
    await keepModificationTime();
    return { imagePath, target, status: 'written' };
  } catch (error) {
    return { imagePath, target, status: 'error', error: describeWriteError(error) };
  }
}
