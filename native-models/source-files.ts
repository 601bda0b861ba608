/**
 * Finding a model's source files inside installed npm packages and checking them against the manifest.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ModelEntry } from '../app/shared/model-manifest.js';

/** Lowercase hex sha256 of some bytes. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Lowercase hex sha256 of a file. */
export function sha256File(path: string): string {
  return sha256(readFileSync(path));
}

/** The folder of an installed package, found the way Node does (node_modules of `from` and its parents), or null. */
export function findPackageDir(packageName: string, from: string): string | null {
  let dir = resolve(from);
  for (;;) {
    const candidate = join(dir, 'node_modules', ...packageName.split('/'));
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** A source file as found on disk. */
export interface CheckedSource {
  path: string;
  absolutePath: string;
  sha256: string;
}

/** What was found for a model's source package. */
export interface SourceCheck {
  packageDir: string;
  installedVersion: string;
  files: CheckedSource[];
  /** Human-readable problems: wrong version, hash mismatches. Missing package/files throw instead. */
  mismatches: string[];
}

/**
 * Locates the model's source package and hashes its files. Throws when the package or a file is missing
 * (nothing to build from); reports version and hash differences in `mismatches` so a maintainer can record them.
 */
export function checkSources(entry: ModelEntry, from: string): SourceCheck {
  const { package: pkg, version } = entry.source;
  const packageDir = findPackageDir(pkg, from);
  if (!packageDir) {
    throw new Error(`model ${entry.id}: npm package "${pkg}@${version}" is not installed (run npm ci)`);
  }
  const installedVersion = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
  const mismatches: string[] = [];
  if (installedVersion !== version) {
    mismatches.push(`npm package "${pkg}" is ${installedVersion}, the manifest expects ${version}`);
  }
  const files = entry.source.paths.map((path) => {
    const absolutePath = join(packageDir, path);
    if (!existsSync(absolutePath)) {
      throw new Error(`model ${entry.id}: npm package "${pkg}@${installedVersion}" has no file ${path}`);
    }
    const hash = sha256File(absolutePath);
    const expected = entry.source.sha256[path];
    if (hash !== expected) {
      mismatches.push(`${pkg}/${path}: sha256 ${hash}, the manifest expects ${expected ?? '(none recorded)'}`);
    }
    return { path, absolutePath, sha256: hash };
  });
  return { packageDir, installedVersion, files, mismatches };
}
