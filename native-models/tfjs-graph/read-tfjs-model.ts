import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { TfjsModelJson } from './tfjs-model-json.js';
import type { TensorData } from './tensor-data.js';
import { decodeWeights } from './weights.js';

/** A tfjs graph model in memory: its topology and its weights by name. */
export interface TfjsGraphModel {
  json: TfjsModelJson;
  weights: Map<string, TensorData>;
}

/** Reads `model.json` and the weight shards it names (paths relative to the json's folder). */
export async function readTfjsGraphModel(jsonPath: string): Promise<TfjsGraphModel> {
  const json = JSON.parse(await readFile(jsonPath, 'utf8')) as TfjsModelJson;
  if (!json.modelTopology?.node) throw new Error(`${jsonPath}: not a tfjs graph model (no modelTopology.node)`);
  const folder = dirname(jsonPath);
  const shards = await Promise.all(
    (json.weightsManifest ?? []).map((group) => Promise.all(group.paths.map(async (p) => new Uint8Array(await readFile(join(folder, p)))))),
  );
  return { json, weights: decodeWeights(json.weightsManifest ?? [], shards) };
}
