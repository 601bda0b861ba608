/** A constant tensor held in memory: weights, and values folded at conversion time. */
export type TensorData =
  | { dtype: 'float32'; shape: number[]; data: Float32Array }
  | { dtype: 'int32'; shape: number[]; data: Int32Array }
  | { dtype: 'bool'; shape: number[]; data: Uint8Array };

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A float32 tensor; checks that the data fits the shape. */
export function floatTensor(shape: number[], data: Float32Array | number[]): TensorData & { dtype: 'float32' } {
  const values = data instanceof Float32Array ? data : Float32Array.from(data);
  if (values.length !== sizeOf(shape)) throw new Error(`${values.length} values do not fit shape [${shape.join(',')}]`);
  return { dtype: 'float32', shape, data: values };
}

/** The values as plain numbers (for axes, shapes and other small int tensors). */
export function tensorNumbers(t: TensorData): number[] {
  return Array.from(t.data as ArrayLike<number>);
}

/**
 * Permutes the axes of a tensor: output axis i is input axis perm[i] (numpy/ONNX Transpose semantics).
 */
export function transposeTensor<T extends TensorData>(t: T, perm: readonly number[]): T {
  const rank = t.shape.length;
  if (perm.length !== rank) throw new Error(`perm [${perm.join(',')}] does not fit rank ${rank}`);
  const outShape = perm.map((p) => t.shape[p]!);
  const inStrides = strides(t.shape);
  const outStrides = strides(outShape);
  const size = sizeOf(t.shape);
  const out = new (t.data.constructor as new (n: number) => T['data'])(size);
  for (let o = 0; o < size; o++) {
    let rest = o;
    let src = 0;
    for (let i = 0; i < rank; i++) {
      const idx = Math.floor(rest / outStrides[i]!);
      rest -= idx * outStrides[i]!;
      src += idx * inStrides[perm[i]!]!;
    }
    out[o] = t.data[src]!;
  }
  return { dtype: t.dtype, shape: outShape, data: out } as T;
}

/** Row-major strides of a shape. */
export function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}
