import { openBlazeFaceModels } from '../app/vision/blazeface-specs.js';
import { decodeForAnalysis } from '../app/vision/face-analyzer.js';
import { collectDetections } from '../app/vision/face-detector.js';
import { planDetectionRuns } from '../app/vision/detection-plan.js';
import { resizeRgbImage } from '../app/vision/rgb-image.js';
import type { BlazeFaceModel } from '../app/vision/blazeface-model.js';
import sharp from 'sharp';
sharp.concurrency(1);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const models = await openBlazeFaceModels({ intraOpNumThreads: 1, graphOptimizationLevel: 'all' });
const acc = { resize: 0, detect: 0 };
const wrap = (m: BlazeFaceModel): BlazeFaceModel => ({ ...m, inputSize: m.inputSize, normalization: m.normalization, detect: async (x) => { const t = cpu(); const r = await m.detect(x); acc.detect += cpu() - t; return r; } });
const wm = { front: wrap(models.front), back: wrap(models.back) };
for (const path of process.argv.slice(2)) {
  const photo = await decodeForAnalysis(path);
  const runs = planDetectionRuns(photo.image.width, photo.image.height);
  let best = { total: Infinity, resize: 0, detect: 0 };
  for (let i = 0; i < 4; i++) {
    acc.resize = 0; acc.detect = 0;
    const t = cpu();
    await collectDetections(photo.image, wm, runs, async (im, w, h) => { const s = cpu(); const r = await resizeRgbImage(im, w, h); acc.resize += cpu() - s; return r; });
    const total = cpu() - t;
    if (total < best.total) best = { total, ...acc };
  }
  console.log(path.split('/').slice(-2).join('/'), runs.length, 'runs; cpu ms total', best.total.toFixed(0), 'resize', best.resize.toFixed(0), 'model.detect', best.detect.toFixed(0), 'other(fill)', (best.total - best.resize - best.detect).toFixed(0));
}
