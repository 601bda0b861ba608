import type { Command } from 'commander';
import { verifyFaces } from '../../workflows/verify-faces.js';
import { embedderOfLibraryOrNew } from '../cli-context.js';

/** `kindred verify <imageA> <imageB> [--model MODEL]`: same person or not, by the calibrated threshold. */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description('are these two photos of the same person? (largest face of each)')
    .argument('<imageA>')
    .argument('<imageB>')
    .option('--model <model>', "embedding model (default: the library's setting)")
    .option('--json', 'print JSON on stdout')
    .action(async (a: string, b: string, options: { model?: string; json?: boolean }, command: Command) => {
      const r = await verifyFaces(a, b, await embedderOfLibraryOrNew(command, options.model));
      if (options.json) {
        console.log(JSON.stringify({ model: r.modelId, distance: r.distance, threshold: r.threshold, same: r.same, facesA: r.facesA, facesB: r.facesB }));
        return;
      }
      for (const [path, faces] of [[a, r.facesA], [b, r.facesB]] as const) {
        if (faces > 1) console.log(`${path}: ${faces} faces; comparing the largest`);
      }
      console.log(`distance ${r.distance.toFixed(4)} (threshold ${r.threshold.toFixed(4)}, ${r.modelId}): ${r.same ? 'same person' : 'different people'}`);
    });
}
