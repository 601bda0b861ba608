/**
 * A small trainable head on top of frozen face embeddings.
 *
 *   linear:        f(x) = normalize(W x + b)                       W: out×in, b: out
 *   residual-mlp:  f(x) = normalize(W2 relu(W1 x + b1) + b2 + x)    W1: h×d, W2: d×h
 *
 * Both start as the identity on unit vectors (W = I, b = 0; or W2 = 0, b2 = 0), so an untrained head
 * changes nothing and training can only move away from the frozen model as far as the data asks.
 *
 * Parameters live in one flat Float64Array (training precision; the gradient check needs float64).
 * What is stored is float32: `serialize()` writes float32, and the trainer rounds its result once with
 * `roundToFloat32()` so the head it returns is bit-for-bit the head that a round trip gives back.
 */
import { normalizeRows, normalizeRowsBackward } from './l2-normalize.js';
import { mulberry32 } from '../shared/seeded-random.js';

export type HeadKind = 'linear' | 'residual-mlp';

/** What `forward` keeps for `backward`. Treat as opaque. */
export interface HeadForward {
  /** rows × outputDim, unit rows. */
  readonly outputs: Float64Array;
  readonly rows: number;
  readonly inputs: Float64Array;
  readonly norms: Float64Array;
  /** residual-mlp only: hidden pre-activations and activations (rows × hiddenDim). */
  readonly hiddenPre?: Float64Array;
  readonly hidden?: Float64Array;
}

/** The versioned, JSON-safe stored form of a head. */
export interface SerializedHead {
  readonly format: 'kindred.embedding-head';
  readonly version: 1;
  readonly kind: HeadKind;
  readonly inputDim: number;
  readonly outputDim: number;
  readonly hiddenDim: number;
  readonly dtype: 'float32-le';
  /** base64 of the flat parameters (layout: see `EmbeddingHead.params`). */
  readonly parameters: string;
}

const FORMAT = 'kindred.embedding-head';

export class EmbeddingHead {
  /**
   * Flat parameters. linear: W (out×in, row-major) then b (out).
   * residual-mlp: W1 (h×d), b1 (h), W2 (d×h), b2 (d).
   */
  readonly params: Float64Array;

  private constructor(
    readonly kind: HeadKind,
    readonly inputDim: number,
    readonly outputDim: number,
    readonly hiddenDim: number,
    params?: Float64Array,
  ) {
    const size = EmbeddingHead.parameterCount(kind, inputDim, outputDim, hiddenDim);
    if (params && params.length !== size) throw new Error(`expected ${size} parameters, got ${params.length}`);
    this.params = params ?? new Float64Array(size);
  }

  /** Number of parameters of a head of this shape. */
  static parameterCount(kind: HeadKind, inputDim: number, outputDim: number, hiddenDim: number): number {
    switch (kind) {
      case 'linear':
        return outputDim * inputDim + outputDim;
      case 'residual-mlp':
        return 2 * hiddenDim * inputDim + hiddenDim + inputDim;
    }
  }

  /** Linear head with W = I, b = 0: the identity on unit vectors. */
  static identity(dim: number): EmbeddingHead {
    const head = new EmbeddingHead('linear', dim, dim, 0);
    for (let i = 0; i < dim; i++) head.params[i * dim + i] = 1;
    return head;
  }

  /** Linear head from a given W (outputDim×inputDim, row-major) and b (default 0). */
  static linear(inputDim: number, outputDim: number, weights: Float64Array, bias?: Float64Array): EmbeddingHead {
    if (weights.length !== outputDim * inputDim) throw new Error('weights must be outputDim×inputDim');
    const head = new EmbeddingHead('linear', inputDim, outputDim, 0);
    head.params.set(weights, 0);
    if (bias) head.params.set(bias, outputDim * inputDim);
    return head;
  }

  /**
   * Residual MLP, output exactly x at init: W2 = 0, b2 = 0, and W1 uniform(±√(6/d)) (He-uniform, seeded)
   * so the hidden units are alive and W2 gets a gradient from the first step.
   */
  static residualMlp(dim: number, hiddenDim: number, seed: number): EmbeddingHead {
    const head = new EmbeddingHead('residual-mlp', dim, dim, hiddenDim);
    const random = mulberry32(seed);
    const a = Math.sqrt(6 / dim);
    for (let i = 0; i < hiddenDim * dim; i++) head.params[i] = (2 * random() - 1) * a;
    return head;
  }

  /** A deep copy. */
  clone(): EmbeddingHead {
    return new EmbeddingHead(this.kind, this.inputDim, this.outputDim, this.hiddenDim, this.params.slice());
  }

  /** Rounds every parameter to the nearest float32, in place (what storage keeps). */
  roundToFloat32(): this {
    for (let i = 0; i < this.params.length; i++) this.params[i] = Math.fround(this.params[i]!);
    return this;
  }

  /** The parameters as float32, the storage precision. */
  parametersFloat32(): Float32Array {
    return Float32Array.from(this.params);
  }

  /** Forward for a batch: `inputs` is rows × inputDim, row-major. */
  forward(inputs: Float64Array, rows: number): HeadForward {
    if (inputs.length !== rows * this.inputDim) throw new Error('inputs must be rows × inputDim');
    const { inputDim: d, outputDim: o, hiddenDim: h, params: p } = this;
    switch (this.kind) {
      case 'linear': {
        const z = new Float64Array(rows * o);
        const bOff = o * d;
        for (let r = 0; r < rows; r++) {
          for (let i = 0; i < o; i++) {
            let s = p[bOff + i]!;
            for (let k = 0; k < d; k++) s += p[i * d + k]! * inputs[r * d + k]!;
            z[r * o + i] = s;
          }
        }
        const { out, norms } = normalizeRows(z, rows, o);
        return { outputs: out, rows, inputs, norms };
      }
      case 'residual-mlp': {
        const [b1, w2, b2] = [h * d, h * d + h, 2 * h * d + h];
        const hiddenPre = new Float64Array(rows * h);
        const hidden = new Float64Array(rows * h);
        for (let r = 0; r < rows; r++) {
          for (let j = 0; j < h; j++) {
            let s = p[b1 + j]!;
            for (let k = 0; k < d; k++) s += p[j * d + k]! * inputs[r * d + k]!;
            hiddenPre[r * h + j] = s;
            hidden[r * h + j] = s > 0 ? s : 0;
          }
        }
        const z = new Float64Array(rows * d);
        for (let r = 0; r < rows; r++) {
          for (let i = 0; i < d; i++) {
            let s = p[b2 + i]! + inputs[r * d + i]!;
            for (let j = 0; j < h; j++) s += p[w2 + i * h + j]! * hidden[r * h + j]!;
            z[r * d + i] = s;
          }
        }
        const { out, norms } = normalizeRows(z, rows, d);
        return { outputs: out, rows, inputs, norms, hiddenPre, hidden };
      }
    }
  }

  /** Gradient of the loss w.r.t. the flat parameters, given dL/df (rows × outputDim). */
  backward(fw: HeadForward, gradOutputs: Float64Array): Float64Array {
    const { inputDim: d, outputDim: o, hiddenDim: h, params: p } = this;
    const { rows, inputs: x } = fw;
    const dz = normalizeRowsBackward(fw.outputs, fw.norms, gradOutputs, rows, o);
    const grad = new Float64Array(p.length);
    switch (this.kind) {
      case 'linear': {
        const bOff = o * d;
        for (let r = 0; r < rows; r++) {
          for (let i = 0; i < o; i++) {
            const g = dz[r * o + i]!;
            if (g === 0) continue;
            grad[bOff + i]! += g;
            for (let k = 0; k < d; k++) grad[i * d + k]! += g * x[r * d + k]!;
          }
        }
        return grad;
      }
      case 'residual-mlp': {
        const [b1, w2, b2] = [h * d, h * d + h, 2 * h * d + h];
        const a = fw.hidden!;
        const u = fw.hiddenPre!;
        const du = new Float64Array(h);
        for (let r = 0; r < rows; r++) {
          du.fill(0);
          for (let i = 0; i < d; i++) {
            const g = dz[r * d + i]!;
            grad[b2 + i]! += g;
            for (let j = 0; j < h; j++) {
              grad[w2 + i * h + j]! += g * a[r * h + j]!;
              du[j]! += g * p[w2 + i * h + j]!;
            }
          }
          for (let j = 0; j < h; j++) {
            if (u[r * h + j]! <= 0) continue; // relu: no gradient where the unit is off
            const g = du[j]!;
            grad[b1 + j]! += g;
            for (let k = 0; k < d; k++) grad[j * d + k]! += g * x[r * d + k]!;
          }
        }
        return grad;
      }
    }
  }

  /** Re-projects stored embeddings (e.g. the whole library after training) without the face network. */
  apply(vectors: readonly Float32Array[]): Float32Array[] {
    const rows = vectors.length;
    const x = new Float64Array(rows * this.inputDim);
    vectors.forEach((v, r) => {
      if (v.length !== this.inputDim) throw new Error(`vector ${r} has length ${v.length}, expected ${this.inputDim}`);
      x.set(v, r * this.inputDim);
    });
    const { outputs } = this.forward(x, rows);
    const o = this.outputDim;
    return vectors.map((_, r) => Float32Array.from(outputs.subarray(r * o, (r + 1) * o)));
  }

  /** The stored form: float32 parameters, base64, with format, version and shape. */
  serialize(): SerializedHead {
    const f32 = this.parametersFloat32();
    const bytes = Buffer.alloc(f32.length * 4);
    f32.forEach((v, i) => bytes.writeFloatLE(v, i * 4));
    return {
      format: FORMAT,
      version: 1,
      kind: this.kind,
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      hiddenDim: this.hiddenDim,
      dtype: 'float32-le',
      parameters: bytes.toString('base64'),
    };
  }

  /** Inverse of `serialize`; refuses unknown formats, newer versions and shape mismatches. */
  static deserialize(stored: unknown): EmbeddingHead {
    const s = readSerializedHead(stored);
    const { inputDim, outputDim, hiddenDim } = s;
    const bytes = Buffer.from((s.parameters as string | undefined) ?? '', 'base64');
    const count = EmbeddingHead.parameterCount(s.kind, inputDim, outputDim, hiddenDim);
    if (bytes.length !== count * 4) throw new Error(`expected ${count} float32 parameters, got ${bytes.length / 4}`);
    const params = new Float64Array(count);
    for (let i = 0; i < count; i++) params[i] = bytes.readFloatLE(i * 4);
    return new EmbeddingHead(s.kind, inputDim, outputDim, hiddenDim, params);
  }
}

/**
 * The stored form of a head (e.g. `StoredHead.head` from the database) checked for format, version and shape, its
 * parameters not decoded: enough to know its dimensions. `EmbeddingHead.deserialize` does the rest.
 */
export function readSerializedHead(stored: unknown): SerializedHead {
  const s = (typeof stored === 'string' ? JSON.parse(stored) : stored) as Partial<SerializedHead> | null;
  if (!s || s.format !== FORMAT) throw new Error('not a serialized embedding head');
  if (s.version !== 1) throw new Error(`embedding head version ${String(s.version)} is not supported (this build reads 1)`);
  if (s.dtype !== 'float32-le') throw new Error(`unsupported dtype ${String(s.dtype)}`);
  if (s.kind !== 'linear' && s.kind !== 'residual-mlp') throw new Error(`unknown head kind ${String(s.kind)}`);
  const { inputDim, outputDim, hiddenDim } = s;
  for (const n of [inputDim, outputDim, hiddenDim]) {
    if (!Number.isInteger(n) || (n as number) < 0) throw new Error('bad head dimensions');
  }
  if (s.kind === 'residual-mlp' && inputDim !== outputDim) throw new Error('residual-mlp needs inputDim = outputDim');
  return s as SerializedHead;
}
