/**
 * An embedder's recipe fingerprint: everything of the manifest that shapes the vectors it produces — the network's
 * file, its input tensor (size, layout, colour order, normalisation), the crop (alignment template, or dlib's face
 * chip with its landmark net), flip averaging. Two embeddings are comparable only when they share a model id *and* a
 * recipe: a library stores the recipe beside its model row and re-embeds its faces when the manifest's differs.
 * Names, aliases, thresholds, calibration and licence do not change a vector, so they are left out.
 */
import { createHash } from 'node:crypto';
import type { EmbedderEntry, ModelEntry, ModelManifest } from './model-manifest.js';

/**
 * Bump when code that shapes an embedder's crop or input changes the vectors in a way the manifest does not show
 * (the chip's warp, the resampling, the landmark window): every library then re-embeds its faces once.
 */
export const EMBEDDING_PIPELINE_REVISION = 2;

/** `r<revision>-<16 hex digits>`: short enough to read in a log, long enough never to collide by chance. */
export function embeddingRecipe(manifest: ModelManifest, embedder: EmbedderEntry): string {
  const landmarks = embedder.faceChip ? manifest.models.find((m) => m.id === embedder.faceChip!.landmarks) : undefined;
  if (embedder.faceChip && landmarks?.role !== 'landmarks') {
    throw new Error(`${embedder.id}: faceChip names "${embedder.faceChip.landmarks}", which is no landmark model of the manifest`);
  }
  const parts = {
    revision: EMBEDDING_PIPELINE_REVISION,
    network: weights(embedder),
    input: embedder.input,
    output: embedder.output,
    crop: embedder.faceChip
      ? { faceChip: { padding: embedder.faceChip.padding, size: [embedder.alignment.width, embedder.alignment.height] }, landmarks: landmarkNet(landmarks!) }
      : { alignment: { width: embedder.alignment.width, height: embedder.alignment.height, points: embedder.alignment.points } },
    flipAverage: embedder.flipAverage ?? false,
  };
  const digest = createHash('sha256').update(canonicalJson(parts)).digest('hex').slice(0, 16);
  return `r${EMBEDDING_PIPELINE_REVISION}-${digest}`;
}

/** The weights as identified by the built file's sha256, or (before one is recorded) by the source files'. */
function weights(entry: ModelEntry): unknown {
  return entry.sha256 ?? { package: entry.source.package, version: entry.source.version, sha256: entry.source.sha256 };
}

function landmarkNet(entry: ModelEntry): unknown {
  if (entry.role !== 'landmarks') throw new Error(`${entry.id} is not a landmark model`);
  return { network: weights(entry), input: entry.input, output: entry.output, points: entry.points, windowPerBox: entry.windowPerBox };
}

/** JSON with object keys sorted at every level: the same manifest content always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
