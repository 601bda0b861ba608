import { CONV_EMITTERS } from './conv-emitters.js';
import type { Emitter } from './emit-context.js';
import { ELEMENTWISE_EMITTERS } from './elementwise-emitters.js';
import { IO_EMITTERS } from './io-emitters.js';
import { SHAPE_EMITTERS } from './shape-emitters.js';

/** Every TensorFlow op type the converter handles, with the function that emits its ONNX. */
export const OP_EMITTERS: Readonly<Record<string, Emitter>> = Object.freeze({
  ...IO_EMITTERS,
  ...CONV_EMITTERS,
  ...ELEMENTWISE_EMITTERS,
  ...SHAPE_EMITTERS,
});

/** The supported op types, sorted. */
export function supportedOps(): string[] {
  return Object.keys(OP_EMITTERS).sort();
}
