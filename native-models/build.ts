/**
 * `npm run models` — builds every ONNX file of native-models/manifest.json into native-models/build/.
 *
 *   npm run models                          build what is missing or stale, verifying all hashes
 *   npm run models -- dlib-resnet-128       only the named models (ids or aliases)
 *   npm run models -- --update-hashes       maintainers: record the current source/output hashes in the manifest
 *
 * Exit code 1 when a model failed (missing package, hash mismatch, builder error). A model whose builder code is
 * not in this checkout yet is reported as "unavailable" without failing the build.
 */
import { buildModels } from './model-build.js';

const args = process.argv.slice(2);
const unknown = args.filter((a) => a.startsWith('-') && a !== '--update-hashes' && a !== '--help');
if (args.includes('--help') || unknown.length > 0) {
  if (unknown.length > 0) console.error(`unknown option ${unknown.join(' ')}`);
  console.error('usage: npm run models -- [--update-hashes] [model id or alias ...]');
  process.exit(unknown.length > 0 ? 2 : 0);
}

try {
  const results = await buildModels({
    ids: args.filter((a) => !a.startsWith('-')),
    updateHashes: args.includes('--update-hashes'),
    log: (line) => console.log(line),
  });
  const failed = results.filter((r) => r.status === 'failed');
  const unavailable = results.filter((r) => r.status === 'unavailable');
  if (unavailable.length > 0) console.log(`${unavailable.length} model(s) unavailable: ${unavailable.map((r) => r.id).join(', ')}`);
  if (failed.length > 0) {
    console.error(`${failed.length} model(s) failed: ${failed.map((r) => r.id).join(', ')}`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
