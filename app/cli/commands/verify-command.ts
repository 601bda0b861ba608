import type { Command } from 'commander';
import { FaceAnalysisPool } from '../../vision/face-analysis-pool.js';
import { largestFace } from '../../vision/largest-face.js';
import { findModel, loadManifest } from '../../shared/model-manifest.js';
import { l2Distance } from '../../shared/vector-math.js';

/** `kindred verify <imageA> <imageB> [--model accurate|fast]`: same person or not, by the calibrated threshold. */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description('are these two photos of the same person? (largest face of each)')
    .argument('<imageA>')
    .argument('<imageB>')
    .option('--model <model>', 'accurate or fast', 'accurate')
    .option('--json', 'print JSON on stdout')
    .action(async (a: string, b: string, options: { model: string; json?: boolean }) => {
      const entry = findModel(loadManifest(), options.model);
      if (entry.role !== 'embedder') throw new Error(`${options.model} is not an embedding model`);
      const threshold = entry.thresholds['verify'];
      if (threshold === undefined) throw new Error(`${entry.id} has no calibrated verification threshold in native-models/manifest.json`);
      const pool = new FaceAnalysisPool({ embedder: entry.id, workers: 2 });
      try {
        const [ra, rb] = await Promise.all([pool.analyse(a), pool.analyse(b)]);
        const fa = largestFace(ra.faces);
        const fb = largestFace(rb.faces);
        if (!fa || !fb) throw new Error(`no face found in ${!fa ? a : b}`);
        const distance = l2Distance(fa.embedding, fb.embedding);
        const same = distance <= threshold;
        if (options.json) {
          console.log(JSON.stringify({ model: entry.id, distance, threshold, same, facesA: ra.faces.length, facesB: rb.faces.length }));
          return;
        }
        for (const [path, r] of [[a, ra], [b, rb]] as const) {
          if (r.faces.length > 1) console.log(`${path}: ${r.faces.length} faces; comparing the largest`);
        }
        console.log(`distance ${distance.toFixed(4)} (threshold ${threshold.toFixed(4)}, ${entry.id}): ${same ? 'same person' : 'different people'}`);
      } finally {
        await pool.close();
      }
    });
}
