import type { Command } from 'commander';
import { drawDetections } from '../../vision/draw-detections.js';
import { FaceAnalysisPool } from '../../vision/face-analysis-pool.js';
import { decodeRgbImage } from '../../vision/rgb-image.js';

/** `kindred detect <image> [--draw out.png]`: the faces of one photo, with boxes, landmarks, scores and quality. */
export function registerDetectCommand(program: Command): void {
  program
    .command('detect')
    .description('find the faces in one photo (boxes, landmarks, scores, quality)')
    .argument('<image>', 'photo file')
    .option('--draw <out.png>', 'write an annotated copy of the photo')
    .option('--json', 'print JSON on stdout')
    .action(async (image: string, options: { draw?: string; json?: boolean }) => {
      const pool = new FaceAnalysisPool({ workers: 1 });
      try {
        const result = await pool.analyse(image);
        const faces = result.faces.map(({ embedding: _embedding, ...face }) => face);
        if (options.draw) {
          const pixels = await decodeRgbImage(image);
          await drawDetections(pixels, result.faces.map((f) => ({ box: f.box, landmarks: f.landmarks, score: f.detectorScore })), options.draw);
        }
        if (options.json) {
          console.log(JSON.stringify({ image, width: result.width, height: result.height, faces }));
          return;
        }
        console.log(`${image}: ${result.width}×${result.height}, ${faces.length} face(s)`);
        faces.forEach((f, i) => {
          const b = f.box;
          const eyes = `eyes (${f.landmarks.rightEye.x.toFixed(0)},${f.landmarks.rightEye.y.toFixed(0)}) (${f.landmarks.leftEye.x.toFixed(0)},${f.landmarks.leftEye.y.toFixed(0)})`;
          console.log(
            `  #${i + 1} box ${b.x.toFixed(0)},${b.y.toFixed(0)} ${b.width.toFixed(0)}×${b.height.toFixed(0)}  score ${f.detectorScore.toFixed(2)}  ` +
              `quality ${f.quality.toFixed(2)}${f.lowQuality ? ' (low)' : ''}  ${eyes}`,
          );
        });
        if (options.draw) console.log(`annotated picture: ${options.draw}`);
      } finally {
        await pool.close();
      }
    });
}
