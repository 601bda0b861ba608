/**
 * Writes a photographer's decision about a photo where other tools read it: stars as `xmp:Rating` (0–5), a reject as
 * `xmp:Rating = -1` (Lightroom, darktable and digiKam read -1 as rejected) and the flag as `xmp:Label` ("Pick" or
 * "Reject"). A colour label another tool set ("Red", "Green"…) is left alone: only an empty label or one of ours is
 * replaced or removed. The same targets and checks as the names (face-region-writer.ts): a sidecar by default, or
 * the photo file itself, pixel data and other metadata copied unchanged, modification time kept.
 */
import { stat, utimes } from 'node:fs/promises';
import { assertWritable, changedSinceCatalogue, describe, exists, type WriteMode } from './face-region-writer.js';
import type { MetadataTool } from './metadata-tool.js';
import { sidecarPathForWriting } from './sidecar-paths.js';

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
  options: { mode?: WriteMode; catalogued?: { size: number; mtimeMs: number; contentHash: string } } = {},
): Promise<CullWriteResult> {
  const mode = options.mode ?? 'sidecar';
  let target = imagePath;
  try {
    target = mode === 'embed' ? imagePath : await sidecarPathForWriting(imagePath);
    const before = await stat(imagePath);
    const targetExists = mode === 'embed' || (await exists(target));
    await assertWritable(target, targetExists);
    if (mode === 'embed' && options.catalogued) {
      const changed = await changedSinceCatalogue(imagePath, options.catalogued);
      if (changed) throw new Error(`not written: the file changed since Kindred catalogued it (${changed}); rescan first`);
    }
    const existing = await tool.readTags(targetExists ? target : imagePath, ['-XMP-xmp:Label']);
    const label = typeof existing['Label'] === 'string' ? existing['Label'] : '';
    const tags: Record<string, unknown> = { 'XMP-xmp:Rating': ratingOf(decision) };
    if (label === '' || OUR_LABELS.has(label)) tags['XMP-xmp:Label'] = decision.flag === null ? null : CULL_LABELS[decision.flag];
    await tool.writeTags(target, tags);
    if (mode === 'embed') await utimes(imagePath, before.atimeMs / 1000, before.mtimeMs / 1000);
    return { imagePath, target, status: 'written' };
  } catch (error) {
    return { imagePath, target, status: 'error', error: describe(error) };
  }
}
