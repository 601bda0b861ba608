/**
 * The parts of a TensorFlow.js graph-model `model.json` that the converter reads.
 * Mirrors the JSON encoding of TensorFlow's GraphDef as written by tfjs-converter:
 * 64-bit integers are decimal strings, strings are base64.
 */

/** One attribute value of a node (a oneof in TensorFlow's AttrValue). */
export interface TfjsAttrValue {
  s?: string;
  i?: string | number;
  f?: number;
  b?: boolean;
  type?: string;
  shape?: { dim?: { size?: string | number }[]; unknownRank?: boolean };
  tensor?: { dtype?: string; tensorShape?: { dim?: { size?: string | number }[] } };
  list?: { s?: string[]; i?: (string | number)[]; f?: number[]; b?: boolean[]; type?: string[] };
}

/** One node of the graph: a TensorFlow operation. */
export interface TfjsNode {
  name: string;
  op: string;
  /** Producers, as `name`, `name:k` (k-th output) or `^name` (control dependency). */
  input?: string[];
  attr?: Record<string, TfjsAttrValue>;
  device?: string;
}

/** One tensor stored in the weight shards. */
export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
  /** Present when the stored values are quantized: value = stored * scale + min (uint8/uint16), or IEEE half (float16). */
  quantization?: { dtype: 'uint8' | 'uint16' | 'float16'; scale?: number; min?: number };
}

/** A group of weights stored back to back across one or more shard files. */
export interface WeightsManifestGroup {
  paths: string[];
  weights: WeightEntry[];
}

/** The `model.json` of a tfjs graph model. */
export interface TfjsModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  modelTopology: { node: TfjsNode[]; library?: unknown; versions?: unknown };
  weightsManifest: WeightsManifestGroup[];
  signature?: TfjsSignature;
  userDefinedMetadata?: { signature?: TfjsSignature } & Record<string, unknown>;
}

/** Named inputs/outputs, as tfjs-converter records them. */
export interface TfjsSignature {
  inputs?: Record<string, { name?: string }>;
  outputs?: Record<string, { name?: string }>;
}
