import { openBlazeFaceModels } from '../app/vision/blazeface-specs.js';
import { decodeForAnalysis } from '../app/vision/face-analyzer.js';
import { detectFaces } from '../app/vision/face-detector.js';
import sharp from 'sharp';
sharp.concurrency(1);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const models = await openBlazeFaceModels({ intraOpNumThreads: 1, graphOptimizationLevel: 'all' });
for (const path of process.argv.slice(2)) {
  let dec = Infinity, det = Infinity, faces = 0, w = 0;
  for (let i = 0; i < 4; i++) {
    let t = cpu(); const photo = await decodeForAnalysis(path); dec = Math.min(dec, cpu() - t); w = photo.image.width;
    t = cpu(); const r = await detectFaces(photo.image, models); det = Math.min(det, cpu() - t); faces = r.faces.length;
  }
  console.log(path.split('/').slice(-2).join('/'), w, 'decode', dec.toFixed(0), 'detect', det.toFixed(0), 'faces', faces);
}
