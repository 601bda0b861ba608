import type { Dim } from './emit-context.js';
import { sizeOf, strides, type TensorData } from './tensor-data.js';

/** NumPy/TensorFlow broadcasting of two shapes (right-aligned; a 1 stretches). Throws on a clash of known sizes. */
export function broadcastShapes(a: readonly Dim[], b: readonly Dim[]): Dim[] {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const x = i < rank - a.length ? 1 : a[i - (rank - a.length)]!;
    const y = i < rank - b.length ? 1 : b[i - (rank - b.length)]!;
    if (x === y || y === 1) out.push(x);
    else if (x === 1) out.push(y);
    else if (typeof x === 'number' && typeof y === 'number') throw new Error(`shapes [${a.join(',')}] and [${b.join(',')}] do not broadcast`);
    else out.push(typeof x === 'number' ? x : typeof y === 'number' ? y : x);
  }
  return out;
}

/** Applies a binary float function element-wise with broadcasting (constant folding). */
export function foldBinary(a: TensorData, b: TensorData, fn: (x: number, y: number) => number): TensorData {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') throw new Error(`folding needs float32 constants, got ${a.dtype} and ${b.dtype}`);
  const shape = broadcastShapes(a.shape, b.shape) as number[];
  const out = new Float32Array(sizeOf(shape));
  const ia = broadcastIndexer(a.shape, shape);
  const ib = broadcastIndexer(b.shape, shape);
  for (let i = 0; i < out.length; i++) out[i] = fn(a.data[ia(i)]!, b.data[ib(i)]!);
  return { dtype: 'float32', shape, data: out };
}

/** Applies a unary float function element-wise (constant folding). */
export function foldUnary(a: TensorData, fn: (x: number) => number): TensorData {
  if (a.dtype !== 'float32') throw new Error(`folding needs a float32 constant, got ${a.dtype}`);
  return { dtype: 'float32', shape: [...a.shape], data: a.data.map(fn) };
}

/** Maps a flat index of the broadcast output to the flat index of an input of shape `from`. */
function broadcastIndexer(from: readonly number[], to: readonly number[]): (i: number) => number {
  const offset = to.length - from.length;
  const toStrides = strides(to);
  const fromStrides = strides(from);
  return (i) => {
    let src = 0;
    let rest = i;
    for (let d = 0; d < to.length; d++) {
      const idx = Math.floor(rest / toStrides[d]!);
      rest -= idx * toStrides[d]!;
      if (d >= offset && from[d - offset] !== 1) src += idx * fromStrides[d - offset]!;
    }
    return src;
  };
}
