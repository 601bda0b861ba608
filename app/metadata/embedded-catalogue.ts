import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Library } from '../db/library.js';
import { thumbnailPath } from '../library/thumbnail-cache.js';

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Keeps the catalogue in step after names were embedded into a photo's files. Embedding changed the files' bytes,
 * not their pixels: the photo's pixel identity still holds, so a rescan would land on the same photo anyway, but it
 * would read every written file again for nothing. So the files' new size and time are recorded, and when every copy
 * of the photo now has the same bytes, the photo takes their file hash (and its thumbnail, named by that hash, is
 * carried over). Returns a warning when copies differ and the file hash could not move.
 */
export async function recatalogueEmbedded(library: Library, photoId: number, writtenFileIds: readonly number[]): Promise<string | null> {
  const files = library.files.readableOf(photoId);
  const written = files.filter((f) => writtenFileIds.includes(f.id));
  if (written.length === 0) return null;
  const facts = await Promise.all(
    written.map(async (f) => {
      const info = await stat(f.path);
      return { id: f.id, size: info.size, mtimeMs: Math.round(info.mtimeMs), hash: await sha256(f.path) };
    }),
  );
  const photo = library.photos.get(photoId);
  if (!photo) return null;
  const hashes = new Set(facts.map((f) => f.hash));
  const newHash = facts[0]!.hash;
  const taken = library.photos.byHash(newHash);
  const allSame = written.length === files.length && hashes.size === 1;
  const canMove = allSame && newHash !== photo.contentHash && (!taken || taken.id === photoId);

  if (canMove) {
    const from = thumbnailPath(library.thumbnailsDir, photo.contentHash);
    const to = thumbnailPath(library.thumbnailsDir, newHash);
    try {
      await mkdir(dirname(to), { recursive: true });
      await copyFile(from, to); // same pixels, same thumbnail; the old one stays for any other user of that hash
    } catch {
      // No thumbnail yet: the next scan makes one.
    }
  }
  library.transaction(() => {
    for (const f of facts) library.files.setSizeAndTime(f.id, f.size, f.mtimeMs);
    if (canMove) library.photos.setContentHash(photoId, newHash);
  });
  if (canMove || (allSame && newHash === photo.contentHash)) return null;
  const why = allSame ? `another photo already has its new content (${taken?.id})` : 'its copies now differ (not all could be written)';
  return `photo ${photoId}: ${why}; its file hash stays that of the copies as they were`;
}
