/**
 * The `kindred-media:` scheme: `kindred-media://media/thumbnail/12` is photo 12's thumbnail, `…/face/7` face 7's
 * crop. The URL names a database id, never a path; what file answers it is decided by the core (MediaResolver),
 * which only knows files of its own caches. Anything else is a 404.
 */
import { readFile } from 'node:fs/promises';
import { parseMediaPath, type MediaRef } from '../app/api/contract/media-path.js';
import type { MediaResolution } from '../app/api/service/media-resolver.js';
import { MEDIA_SCHEME, securityHeaders, textResponse, type ProtocolRequest } from './app-protocol.js';

const MEDIA_PREFIX = `${MEDIA_SCHEME}://media`;

/** The media a URL names, or null for anything that is not exactly `kindred-media://media/<kind>/<id>`. */
export function mediaRefFromUrl(url: string): MediaRef | null {
  if (!url.startsWith(MEDIA_PREFIX)) return null;
  return parseMediaPath(url.slice(MEDIA_PREFIX.length));
}

export interface MediaProtocolOptions {
  /** Asks the core which file shows a piece of media. */
  resolve(ref: MediaRef): Promise<MediaResolution>;
  /** Reads a file the core named (fs by default). */
  readFile?(path: string): Promise<Uint8Array>;
}

export function createMediaProtocolHandler(options: MediaProtocolOptions): (request: ProtocolRequest) => Promise<Response> {
  const read = options.readFile ?? (async (path: string) => new Uint8Array(await readFile(path)));
  return async (request) => {
    if ((request.method ?? 'GET') !== 'GET') return textResponse(405, 'Method not allowed');
    const ref = mediaRefFromUrl(request.url);
    if (!ref) return textResponse(404, 'Not found');
    const media = await options.resolve(ref).catch((): MediaResolution => ({ found: false, reason: 'the core did not answer' }));
    if (!media.found) return textResponse(404, 'Not found');
    try {
      return new Response(await read(media.path), {
        status: 200,
        headers: { ...securityHeaders(), 'Content-Type': media.contentType, 'Cache-Control': 'private, max-age=60' },
      });
    } catch {
      return textResponse(404, 'Not found');
    }
  };
}
