// The peer Kindred is measured against: @vladmandic/face-api on TensorFlow.js's wasm backend (what a JavaScript
// developer would use): SSD MobileNet v1 detection + 68 landmarks + the dlib ResNet descriptor.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import sharp from 'sharp';
import { projectRoot } from '../app/shared/paths.js';

const require = createRequire(import.meta.url);

interface FaceApiModule {
  nets: Record<'ssdMobilenetv1' | 'faceLandmark68Net' | 'faceRecognitionNet', { loadFromDisk(dir: string): Promise<void> }>;
  SsdMobilenetv1Options: new (o: { minConfidence: number }) => unknown;
  detectAllFaces(input: unknown, options: unknown): {
    withFaceLandmarks(): { withFaceDescriptors(): Promise<{ descriptor: Float32Array }[]> };
  };
}

interface Tfjs {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
  tensor3d(data: Uint8Array, shape: [number, number, number], dtype: 'int32'): { dispose(): void };
}

/** face-api's full pipeline on one photo at a time. */
export class FaceApiPeer {
  private constructor(
    private readonly tf: Tfjs,
    private readonly faceapi: FaceApiModule,
  ) {}

  static async load(): Promise<FaceApiPeer> {
    const tf = require('@tensorflow/tfjs') as Tfjs;
    const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(p: string): void };
    wasm.setWasmPaths(join(projectRoot, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist') + '/');
    await tf.setBackend('wasm');
    await tf.ready();
    const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApiModule;
    const modelDir = join(projectRoot, 'node_modules', '@vladmandic', 'face-api', 'model');
    await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);
    await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
    await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);
    return new FaceApiPeer(tf, faceapi);
  }

  get backend(): string {
    return this.tf.getBackend();
  }

  /** Decodes (with sharp, as Kindred does), detects, finds landmarks and computes descriptors; returns the face count. */
  async analyse(path: string): Promise<number> {
    const { data, info } = await sharp(path).rotate().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const input = this.tf.tensor3d(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), [info.height, info.width, 3], 'int32');
    try {
      const faces = await this.faceapi
        .detectAllFaces(input, new this.faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 }))
        .withFaceLandmarks()
        .withFaceDescriptors();
      return faces.length;
    } finally {
      input.dispose();
    }
  }
}
