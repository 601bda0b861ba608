/**
 * The one door to ONNX Runtime: its telemetry is switched off before 'onnxruntime-node' loads (ES modules evaluate
 * their imports in order). The linter refuses 'onnxruntime-node' anywhere else, tests and benchmarks included.
 */
import './onnx-telemetry-off.js';

export * from 'onnxruntime-node';
