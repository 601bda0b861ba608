import { ExifTool, type WriteTags } from 'exiftool-vendored';

/**
 * The port to the metadata engine: reading and writing named tags of one file (an image or an `.xmp` sidecar).
 * Reading and writing XMP by hand is where photo software gets things wrong; ExifTool is the reference implementation.
 */
export interface MetadataTool {
  /** The given tags (ExifTool arguments such as `-XMP-mwg-rs:RegionInfo`) as `-struct -n` JSON values. */
  readTags(path: string, tagArgs: readonly string[]): Promise<Record<string, unknown>>;
  /**
   * Writes the tags (structures allowed) into the file, creating it when it is a new `.xmp` sidecar. Only the named
   * tags change: pixel data and every other tag are copied as they are, the file's modification time is kept, and an
   * existing file is rewritten in place (same inode: links and extended attributes survive).
   * Throws when nothing could be written.
   */
  writeTags(path: string, tags: Record<string, unknown>): Promise<void>;
  /** Stops the engine's processes. */
  close(): Promise<void>;
}

/** Options of the ExifTool-backed tool. */
export interface ExifToolMetadataOptions {
  /** ExifTool processes to keep (each is a Perl interpreter, ~20 MB). */
  maxProcs?: number;
  /** Gives up on one file after this long (a hung network share must not stall a batch). */
  taskTimeoutMillis?: number;
}

/** ExifTool's bookkeeping fields, which are not tags of the file. */
const NOT_TAGS = new Set(['SourceFile', 'errors', 'warnings']);

/**
 * The metadata tool backed by the ExifTool bundled with `exiftool-vendored` (kept running between calls; call
 * `close()` when done or the process will not exit).
 */
export function openExifTool(options: ExifToolMetadataOptions = {}): MetadataTool {
  const exiftool = new ExifTool({ maxProcs: options.maxProcs ?? 2, taskTimeoutMillis: options.taskTimeoutMillis ?? 30_000 });
  return {
    async readTags(path, tagArgs) {
      const raw = (await exiftool.readRaw(path, { readArgs: ['-struct', '-n', ...tagArgs], useMWG: false })) as Record<string, unknown>;
      const errors = Array.isArray(raw.errors) ? raw.errors.map(String) : [];
      if (errors.length > 0) throw new Error(errors.join('; '));
      return Object.fromEntries(Object.entries(raw).filter(([key]) => !NOT_TAGS.has(key)));
    },
    async writeTags(path, tags) {
      // -P keeps FileModifyDate; -overwrite_original_in_place leaves no `photo.jpg_original` copy behind and copies the
      // result back into the original file, so its inode stays: symlinks, hard links, extended attributes, ACLs and
      // ownership survive (plain -overwrite_original renames a new file over the old one, and a symlink becomes a file).
      const result = await exiftool.write(path, tags as WriteTags, { writeArgs: ['-overwrite_original_in_place', '-P'], useMWG: false });
      if (result.updated + result.created === 0) {
        throw new Error(result.warnings?.join('; ') || 'ExifTool wrote nothing');
      }
    },
    async close() {
      await exiftool.end();
    },
  };
}
