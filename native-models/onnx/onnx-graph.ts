import { createRequire } from 'node:module';
import type { onnx as OnnxNamespace } from 'onnx-proto';

// onnx-proto is CommonJS; load it through require so its generated classes keep their statics.
const { onnx } = createRequire(import.meta.url)('onnx-proto') as { onnx: typeof OnnxNamespace };

/** Attribute values a node may carry; arrays of numbers become INTS unless `floats` is used. */
export type AttributeValue =
  | { int: number }
  | { float: number }
  | { ints: number[] }
  | { floats: number[] }
  | { string: string }
  | { tensor: { dims: number[]; data: Float32Array } };

/** A symbolic or fixed dimension of a graph input/output. */
export type Dim = number | string;

/**
 * Builds an ONNX model in memory: initializers, nodes, graph inputs and outputs,
 * then `encode()` gives the protobuf bytes. Element type is always float32 except
 * for int64 initializers (shapes for Reshape and the like).
 */
export class OnnxGraph {
  private readonly nodes: OnnxNamespace.INodeProto[] = [];
  private readonly initializers: OnnxNamespace.ITensorProto[] = [];
  private readonly inputs: OnnxNamespace.IValueInfoProto[] = [];
  private readonly outputs: OnnxNamespace.IValueInfoProto[] = [];
  private readonly usedNames = new Set<string>();
  private counter = 0;

  constructor(
    readonly name: string,
    readonly opset = 13,
  ) {}

  /** A fresh tensor name with the given prefix. */
  uniqueName(prefix: string): string {
    let name = `${prefix}_${this.counter++}`;
    while (this.usedNames.has(name)) name = `${prefix}_${this.counter++}`;
    this.usedNames.add(name);
    return name;
  }

  /** Keeps `name` out of the names `uniqueName` hands out (for an output named later); true if it was free. */
  reserveName(name: string): boolean {
    if (this.usedNames.has(name)) return false;
    this.usedNames.add(name);
    return true;
  }

  /** Declares a float32 graph input. */
  input(name: string, shape: Dim[]): string {
    this.usedNames.add(name);
    this.inputs.push(valueInfo(name, shape));
    return name;
  }

  /** Declares a float32 graph output produced by some node. */
  output(name: string, shape: Dim[]): string {
    this.outputs.push(valueInfo(name, shape));
    return name;
  }

  /** Adds a float32 constant tensor and returns its name. */
  float(prefix: string, dims: number[], data: Float32Array | number[]): string {
    const values = data instanceof Float32Array ? data : Float32Array.from(data);
    const expected = dims.reduce((a, b) => a * b, 1);
    if (values.length !== expected) {
      throw new Error(`initializer ${prefix}: ${values.length} values for dims [${dims.join(',')}] (${expected})`);
    }
    const name = this.uniqueName(prefix);
    this.initializers.push({
      name,
      dims,
      dataType: onnx.TensorProto.DataType.FLOAT,
      rawData: new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength)),
    });
    return name;
  }

  /** Adds an int64 constant tensor (shapes, axes) and returns its name. */
  int64(prefix: string, dims: number[], data: number[]): string {
    const name = this.uniqueName(prefix);
    const raw = new BigInt64Array(data.map((v) => BigInt(v)));
    this.initializers.push({
      name,
      dims,
      dataType: onnx.TensorProto.DataType.INT64,
      rawData: new Uint8Array(raw.buffer),
    });
    return name;
  }

  /** Adds a node with one output and returns the output's name. */
  node(opType: string, inputs: string[], attributes: Record<string, AttributeValue> = {}, outputName?: string): string {
    const out = outputName ?? this.uniqueName(opType.toLowerCase());
    this.nodeWithOutputs(opType, inputs, [out], attributes);
    return out;
  }

  /** Adds a node with several outputs. */
  nodeWithOutputs(opType: string, inputs: string[], outputs: string[], attributes: Record<string, AttributeValue> = {}): void {
    for (const o of outputs) this.usedNames.add(o);
    this.nodes.push({
      opType,
      name: this.uniqueName(`n_${opType}`),
      input: inputs,
      output: outputs,
      attribute: Object.entries(attributes).map(([name, value]) => attribute(name, value)),
    });
  }

  /** Serialises the model (IR version 7, default-domain opset `this.opset`). */
  encode(producer = 'kindred'): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 7,
      producerName: producer,
      opsetImport: [{ domain: '', version: this.opset }],
      graph: {
        name: this.name,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function valueInfo(name: string, shape: Dim[]): OnnxNamespace.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function attribute(name: string, value: AttributeValue): OnnxNamespace.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if ('int' in value) return { name, type: T.INT, i: value.int };
  if ('float' in value) return { name, type: T.FLOAT, f: value.float };
  if ('ints' in value) return { name, type: T.INTS, ints: value.ints };
  if ('floats' in value) return { name, type: T.FLOATS, floats: value.floats };
  if ('string' in value) return { name, type: T.STRING, s: new TextEncoder().encode(value.string) };
  const data = value.tensor.data;
  return {
    name,
    type: T.TENSOR,
    t: {
      dims: value.tensor.dims,
      dataType: onnx.TensorProto.DataType.FLOAT,
      rawData: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)),
    },
  };
}
