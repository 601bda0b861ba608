/**
 * Builds the ONNX files listed in native-models/manifest.json, checking every source and output against the
 * recorded sha256. Used by `npm run models` (build.ts) and by tests that need a built model.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findModel, parseManifest, type ModelEntry, type ModelManifest } from '../app/shared/model-manifest.js';
import { BuilderUnavailableError, builderFor, builders, type ModelBuilders } from './builders.js';
import { formatManifestJson } from './manifest-format.js';
import { checkSources, sha256, sha256File } from './source-files.js';

/** native-models/ (this file's folder). */
export const nativeModelsDir = dirname(fileURLToPath(import.meta.url));
/** The manifest the build reads by default. */
export const defaultManifestPath = join(nativeModelsDir, 'manifest.json');

/** What happened to one model. */
export type BuildStatus = 'built' | 'up-to-date' | 'unavailable' | 'failed';

/** Result for one model. */
export interface BuildResult {
  id: string;
  status: BuildStatus;
  /** Absolute path of the ONNX file. */
  path: string;
  message: string;
  /** Hashes or versions rewritten in the manifest (with `updateHashes`). */
  updated: string[];
}

/** Options of a build. */
export interface BuildOptions {
  /** Model ids or aliases to build (default: all). */
  ids?: string[];
  /** Record the current source/output hashes (and source versions) in the manifest instead of refusing them. */
  updateHashes?: boolean;
  manifestPath?: string;
  /** Folder whose node_modules (or a parent's) hold the source packages; default: the manifest's folder. */
  packagesFrom?: string;
  /** The builders the manifest's `builder` names refer to; default: native-models/builders.ts. */
  builders?: ModelBuilders;
  log?: (line: string) => void;
}

function readManifestFile(path: string): ModelManifest {
  return parseManifest(JSON.parse(readFileSync(path, 'utf8')) as unknown, path);
}

/** Writes bytes through a temporary file so a reader never sees half a model (several test workers may build). */
function writeAtomically(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  writeFileSync(tmp, bytes);
  try {
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/**
 * Builds one model into `baseDir`/entry.file (mutating `entry`'s hashes when `updateHashes`). Never throws: failures
 * come back as results.
 */
export async function buildModel(
  entry: ModelEntry,
  baseDir: string,
  updateHashes = false,
  packagesFrom = baseDir,
  table: ModelBuilders = builders,
): Promise<BuildResult> {
  const path = resolve(baseDir, entry.file);
  const result = (status: BuildStatus, message: string, updated: string[] = []): BuildResult => ({
    id: entry.id,
    status,
    path,
    message,
    updated,
  });
  const updated: string[] = [];
  try {
    const build = builderFor(entry, table);
    const sources = checkSources(entry, packagesFrom);
    if (sources.mismatches.length > 0) {
      if (!updateHashes) {
        return result('failed', `source check failed:\n    ${sources.mismatches.join('\n    ')}\n    (maintainers: npm run models -- --update-hashes)`);
      }
      entry.source.version = sources.installedVersion;
      entry.source.sha256 = Object.fromEntries(sources.files.map((f) => [f.path, f.sha256]));
      updated.push(...sources.mismatches);
    }

    if (!updateHashes && entry.sha256 !== null && existsSync(path) && sha256File(path) === entry.sha256) {
      return result('up-to-date', `${entry.file} matches its sha256`);
    }

    const bytes = await build({ entry, packageDir: sources.packageDir, files: sources.files });
    const hash = sha256(bytes);
    if (hash !== entry.sha256) {
      if (!updateHashes) {
        const expected = entry.sha256 ?? '(none recorded)';
        return result(
          'failed',
          `built ${entry.file} has sha256 ${hash}, the manifest expects ${expected}; the file was not written ` +
            `(builder "${entry.builder}" changed or is not deterministic; maintainers: npm run models -- --update-hashes)`,
        );
      }
      updated.push(`${entry.file}: sha256 ${entry.sha256 ?? '(none)'} → ${hash}`);
      entry.sha256 = hash;
    }
    writeAtomically(path, bytes);
    return result('built', `${entry.file} (${(bytes.byteLength / 1e6).toFixed(1)} MB, sha256 ${hash.slice(0, 12)}…)`, updated);
  } catch (error) {
    if (error instanceof BuilderUnavailableError) return result('unavailable', error.message, updated);
    return result('failed', error instanceof Error ? error.message : String(error), updated);
  }
}

/** Builds the selected models in manifest order; with `updateHashes`, rewrites the manifest when anything changed. */
export async function buildModels(options: BuildOptions = {}): Promise<BuildResult[]> {
  const manifestPath = resolve(options.manifestPath ?? defaultManifestPath);
  const manifest = readManifestFile(manifestPath);
  const baseDir = dirname(manifestPath);
  const selected = options.ids?.length ? options.ids.map((id) => findModel(manifest, id)) : manifest.models;
  const results: BuildResult[] = [];
  for (const entry of selected) {
    const r = await buildModel(entry, baseDir, options.updateHashes ?? false, options.packagesFrom ?? baseDir, options.builders);
    options.log?.(`${r.status.padEnd(10)} ${r.id}: ${r.message}`);
    for (const u of r.updated) options.log?.(`           recorded ${u}`);
    results.push(r);
  }
  if (options.updateHashes && results.some((r) => r.updated.length > 0)) {
    parseManifest(manifest, manifestPath); // still valid after the edits
    writeFileSync(manifestPath, formatManifestJson(manifest));
    options.log?.(`updated ${manifestPath}`);
  }
  return results;
}

/**
 * The path of a model's ONNX file, building it first when it is missing or stale (tests use this so that a fresh
 * checkout works without `npm run models`). Throws with the build's message when it cannot be built.
 */
export async function ensureModelBuilt(idOrAlias: string, manifestPath = defaultManifestPath): Promise<string> {
  const manifest = readManifestFile(manifestPath);
  const entry = findModel(manifest, idOrAlias);
  const r = await buildModel(entry, dirname(resolve(manifestPath)));
  if (r.status === 'built' || r.status === 'up-to-date') return r.path;
  throw new Error(`model ${entry.id} could not be built (${r.status}): ${r.message}`);
}
