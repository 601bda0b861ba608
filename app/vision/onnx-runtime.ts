/**
 * The one door to ONNX Runtime: its telemetry is switched off before 'onnxruntime-node' loads (ES modules evaluate
 * their imports in order). The linter refuses 'onnxruntime-node' anywhere else, tests and benchmarks included.
 */
import './onnx-telemetry-off.js';
import { InferenceSession } from 'onnxruntime-node';

export * from 'onnxruntime-node';

/** A session on a model file or its bytes (`InferenceSession.create` takes either, through two overloads). */
export function createSession(model: string | Uint8Array, options: InferenceSession.SessionOptions): Promise<InferenceSession> {
  return typeof model === 'string' ? InferenceSession.create(model, options) : InferenceSession.create(model, options);
}
