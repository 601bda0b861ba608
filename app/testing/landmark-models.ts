/**
 * The detector pair and the 68-point landmark net, built if needed and opened on one CPU thread: what the tests of
 * the landmark stage (landmarks, eyes) run on.
 */
import { ensureModelBuilt } from '../../native-models/model-build.js';
import { openBlazeFaceModels } from '../vision/blazeface-specs.js';
import type { FaceDetectorModels } from '../vision/face-detector.js';
import { FaceLandmarker } from '../vision/face-landmarker.js';
import { ModelRegistry } from '../vision/model-registry.js';

export async function openLandmarkModels(): Promise<{ detector: FaceDetectorModels; landmarker: FaceLandmarker }> {
  await Promise.all([ensureModelBuilt('front'), ensureModelBuilt('back'), ensureModelBuilt('landmarks-68')]);
  const detector = await openBlazeFaceModels({ intraOpNumThreads: 1 });
  const { session, entry } = await new ModelRegistry({ executionProvider: 'cpu', intraOpNumThreads: 1 }).loadLandmarker('landmarks-68');
  return { detector, landmarker: new FaceLandmarker(session, entry) };
}
