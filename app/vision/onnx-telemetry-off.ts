/**
 * Switches ONNX Runtime's telemetry off; imported for its side effect, before 'onnxruntime-node' is loaded.
 *
 * The Linux build of onnxruntime-node ships telemetry that is on by default: creating a session writes a device id
 * to ~/.cache/Microsoft/DeveloperTools/.onnxruntime and queues usage events for upload. ORT reads
 * ORT_DISABLE_TELEMETRY from the native process environment. On the main thread, assigning process.env reaches that
 * environment; in a worker thread process.env is only a JavaScript copy, so the thread that starts workers which load
 * ORT must import this module first, and a worker can only check that it did.
 */
import { isMainThread } from 'node:worker_threads';

export const ORT_TELEMETRY_VARIABLE = 'ORT_DISABLE_TELEMETRY';

if (isMainThread) {
  process.env[ORT_TELEMETRY_VARIABLE] = '1';
} else if (process.env[ORT_TELEMETRY_VARIABLE] !== '1') {
  throw new Error(
    `ONNX Runtime is being loaded in a worker thread whose environment lacks ${ORT_TELEMETRY_VARIABLE}=1, so its ` +
      `telemetry would be on: the code that starts this worker must import app/vision/onnx-telemetry-off.ts before ` +
      `it creates the worker (a worker cannot switch it off itself).`,
  );
}
