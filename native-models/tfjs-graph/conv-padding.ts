import type { Dim } from './emit-context.js';

/** Padding of one spatial axis: before, after, and the resulting output size (null when the input size is unknown). */
export interface AxisPadding {
  before: number;
  after: number;
  out: number | null;
}

/**
 * TensorFlow's SAME padding: output = ceil(in / stride), total padding as needed for that, and the odd
 * pixel goes at the end (ONNX's SAME_UPPER does the same).
 */
export function samePadding(size: Dim, kernel: number, stride: number, dilation: number): AxisPadding | null {
  if (typeof size !== 'number') return null;
  const effective = (kernel - 1) * dilation + 1;
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + effective - size, 0);
  const before = Math.floor(total / 2);
  return { before, after: total - before, out };
}

/** Output size for explicit padding (VALID is before = after = 0). */
export function explicitPadding(size: Dim, kernel: number, stride: number, dilation: number, before: number, after: number): AxisPadding {
  const effective = (kernel - 1) * dilation + 1;
  const out = typeof size === 'number' ? Math.floor((size + before + after - effective) / stride) + 1 : null;
  if (out !== null && out <= 0) throw new Error(`kernel ${effective} does not fit input ${size} with padding ${before}+${after}`);
  return { before, after, out };
}
