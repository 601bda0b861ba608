import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** Version of the header and of how the index file is laid out; bump it and old files are rebuilt. */
export const FACE_INDEX_FORMAT = 1;

/** The files of one model's index: `<indexDir>/<modelId>.hnsw` and its JSON header beside it. */
export interface FaceIndexPaths {
  index: string;
  header: string;
}

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function faceIndexPaths(indexDir: string, modelId: string): FaceIndexPaths {
  // Model ids come from the manifest; refuse anything that could escape the folder.
  if (!MODEL_ID.test(modelId)) throw new Error(`model id ${JSON.stringify(modelId)} cannot name an index file`);
  const index = join(indexDir, `${modelId}.hnsw`);
  return { index, header: `${index}.json` };
}

const paramsSchema = z.object({
  m: z.number().int().min(2).max(256),
  efConstruction: z.number().int().min(1),
  efSearch: z.number().int().min(1),
});

const headerSchema = z.object({
  format: z.literal(FACE_INDEX_FORMAT),
  modelId: z.string(),
  dimensions: z.number().int().positive(),
  /**
   * The recipe of the vectors it holds (shared/embedding-recipe.ts), as the database recorded it when they were read;
   * null when unknown (headers written before recipes, models without one). Another recipe in the database = stale.
   */
  recipe: z.string().nullable().default(null),
  space: z.literal('ip'),
  /** Live faces (what the database should hold for this model). */
  count: z.number().int().nonnegative(),
  maxFaceId: z.number().int().nonnegative(),
  idChecksum: z.string(),
  /** Elements stored in the file, live and deleted (hnswlib's element count). */
  elements: z.number().int().nonnegative(),
  /** hnswlib's capacity (max elements) as saved. */
  capacity: z.number().int().nonnegative(),
  /** Faces removed with markDelete: still in the file, so they are listed here to know the live set. */
  deletedFaceIds: z.array(z.number().int().positive()),
  params: paramsSchema,
  /** How efSearch was chosen at the last build (null: not tuned, the default or the caller's value). */
  efTuning: z.object({ efSearch: z.number(), recall: z.number(), queries: z.number() }).nullable().default(null),
  /** Size of the index file in bytes: a truncated or replaced file disagrees. */
  indexBytes: z.number().int().nonnegative(),
  /**
   * sha256 of the index file. hnswlib trusts the links it reads, so a file damaged in place (same size) could crash
   * the process on its first search, and again on every start; checked before loading (~1 GB/s with SHA-NI).
   */
  indexSha256: z.string().regex(/^[0-9a-f]{64}$/),
  savedAt: z.string(),
});

/** The JSON written beside an index file, describing what it holds. */
export type FaceIndexHeader = z.infer<typeof headerSchema>;

/** Reads and validates a header; throws with a readable reason when it is missing, not JSON or not a header. */
export async function readFaceIndexHeader(path: string): Promise<FaceIndexHeader> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`header is not JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = headerSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`header does not parse (${issue ? `${issue.path.join('.') || 'root'}: ${issue.message}` : 'invalid'})`);
  }
  return parsed.data;
}

/** Writes a header atomically. */
export async function writeFaceIndexHeader(path: string, header: FaceIndexHeader): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(header, null, 2)}\n`);
}

/** A temporary name beside `path`, unique to this writer (two writers never share a temp file). */
export function tempPathFor(path: string): string {
  return `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
}

/** sha256 (hex) of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Temp files a crashed save left beside `path` (older than `minAgeMs`, so a save in flight is left alone). */
export async function removeStaleTempFiles(dir: string, path: string, minAgeMs = 10 * 60_000, now = Date.now()): Promise<string[]> {
  const prefix = `${path.slice(dir.length + 1)}.`;
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const full = join(dir, name);
    const info = await stat(full).catch(() => null);
    if (info && now - info.mtimeMs >= minAgeMs) {
      await rm(full, { force: true });
      removed.push(full);
    }
  }
  return removed;
}

/** Flushes a file's data to disk, so a rename after it never exposes a file whose bytes are still in flight. */
export async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes `data` to a temp file, syncs it and renames it over `path`: readers see the old file or the new one. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = tempPathFor(path);
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
