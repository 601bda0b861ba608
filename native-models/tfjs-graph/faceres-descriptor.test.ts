import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fixturesDir, projectRoot } from '../../app/testing/shared-faces.js';
import { convertTfjsGraph } from './convert-graph.js';
import { readTfjsGraphModel } from './read-tfjs-model.js';
import { maxAbsDiff, runOnnx, runTfjsGraph } from './test-graph.js';

const models = join(projectRoot, 'node_modules', '@vladmandic', 'human-models', 'models');

// A second real model: float16 weights, unfused Conv2D/DepthwiseConv2dNative, Relu6 written as Minimum/Maximum, Mean.
describe('FaceRes descriptor (float16 tfjs graph) against TensorFlow.js', () => {
  it('converts the 1024-d descriptor path and matches on a face crop', async () => {
    const model = await readTfjsGraphModel(join(models, 'faceres.json'));
    const { graph, outputs } = convertTfjsGraph(model, { outputs: ['global_pooling/Mean'] });
    expect(outputs).toEqual([{ name: 'global_pooling/Mean', shape: ['batch', 1024] }]);
    // human feeds FaceRes 0..255 RGB.
    const pixels = await sharp(join(fixturesDir, 'astronaut.png')).extract({ left: 140, top: 25, width: 180, height: 180 }).resize(224, 224).removeAlpha().raw().toBuffer();
    const feed = { shape: [1, 224, 224, 3], data: Float32Array.from(pixels) };
    const [ours] = await runOnnx(graph.encode(), { input_1: feed }, ['global_pooling/Mean']);
    const weights = new Uint8Array(await readFile(join(models, 'faceres.bin')));
    const [reference] = await runTfjsGraph(model.json, weights, { input_1: feed }, ['global_pooling/Mean'], 'wasm');
    const diff = maxAbsDiff(ours!, reference!);
    console.log(`FaceRes descriptor parity: max |diff| ${diff.toExponential(2)} (max |value| ${Math.max(...reference!.map(Math.abs)).toFixed(2)})`);
    expect(diff).toBeLessThan(1e-4);
  });
});
