/** Maps a request path to a file of the built renderer, refusing anything outside its folder. */
import { isAbsolute, join, normalize, relative } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The file under `rootDir` that `rawPath` (the URL path, still percent-encoded) names, or null: for undecodable
 * paths, NUL bytes, backslashes, dot segments and anything that would land outside `rootDir`. `/` is index.html.
 */
export function resolveStaticFile(rootDir: string, rawPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (!path.startsWith('/') || path.includes('\0') || path.includes('\\')) return null;
  if (path.split('/').some((segment) => segment === '..' || segment === '.')) return null;
  if (path.endsWith('/')) path += 'index.html';
  const full = join(rootDir, normalize(path));
  const rel = relative(rootDir, full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  return full;
}

/** The Content-Type for a file name (binary when unknown). */
export function contentTypeOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return (dot >= 0 && CONTENT_TYPES[path.slice(dot).toLowerCase()]) || 'application/octet-stream';
}
