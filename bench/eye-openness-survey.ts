// `npx tsx bench/eye-openness-survey.ts OUT.jsonl [--cfp-per-person N]`: eye openness (app/vision/eye-openness.ts)
// of every face of ../shared/faces celeb5, bbt and the first N frontal and first profile photo of each cfp person,
// one JSON line per face (file, box, per-eye ratios, yaw, the 68 points), then the distribution. A tool for choosing
// the eyes ramp in app/vision/frame-quality.ts (look at the lowest faces' crops), not a test.
import { createWriteStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sharedFacesDir } from '../app/testing/shared-faces.js';
import { openBlazeFaceModels } from '../app/vision/blazeface-specs.js';
import { detectFaces } from '../app/vision/face-detector.js';
import { FaceLandmarker } from '../app/vision/face-landmarker.js';
import { ModelRegistry } from '../app/vision/model-registry.js';
import { decodeRgbImage } from '../app/vision/rgb-image.js';
import { eyeAspectRatio, eyeOpenness, landmarkYaw } from '../app/vision/eye-openness.js';

if (!sharedFacesDir) {
  console.log('skipped: ../shared/faces not present');
  process.exit(0);
}
const args = process.argv.slice(2);
const out = createWriteStream(args[0] ?? '/tmp/eye-openness.jsonl');
const perAt = args.indexOf('--cfp-per-person');
const cfpPerPerson = perAt >= 0 ? Number(args[perAt + 1]) : 3;

const files: string[] = [];
for (const set of ['celeb5', 'bbt']) {
  for (const person of readdirSync(join(sharedFacesDir, set), { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const f of readdirSync(join(sharedFacesDir, set, person.name))) files.push(join(set, person.name, f));
  }
}
for (const person of readdirSync(join(sharedFacesDir, 'cfp'), { withFileTypes: true }).filter((d) => d.isDirectory())) {
  for (let k = 1; k <= cfpPerPerson; k++) files.push(join('cfp', person.name, `frontal_${String(k).padStart(2, '0')}.jpg`));
  files.push(join('cfp', person.name, 'profile_01.jpg'));
}

const detector = await openBlazeFaceModels({ intraOpNumThreads: 1 });
const { session, entry } = await new ModelRegistry({ executionProvider: 'cpu', intraOpNumThreads: 1 }).loadLandmarker('landmarks-68');
const landmarker = new FaceLandmarker(session, entry);
const values: number[] = [];
let nulls = 0;
for (const [i, file] of files.entries()) {
  let image;
  try {
    image = await decodeRgbImage(join(sharedFacesDir, file));
  } catch {
    continue;
  }
  const faces = (await detectFaces(image, detector)).faces;
  const points = await landmarker.locate(image, faces.map((f) => f.box));
  faces.forEach((face, k) => {
    const p = points[k]!;
    const openness = eyeOpenness(p);
    if (openness === null) nulls++;
    else values.push(openness);
    const line = {
      file,
      box: face.box,
      score: face.score,
      yaw: landmarkYaw(p),
      right: eyeAspectRatio(p.slice(36, 42)).ratio,
      left: eyeAspectRatio(p.slice(42, 48)).ratio,
      openness,
      points: p.map((q) => [Math.round(q.x * 10) / 10, Math.round(q.y * 10) / 10]),
    };
    out.write(`${JSON.stringify(line)}\n`);
  });
  if (i % 200 === 0) console.error(`${i}/${files.length}`);
}
out.end();
values.sort((a, b) => a - b);
const q = (p: number) => values[Math.min(values.length - 1, Math.floor(p * values.length))]!.toFixed(3);
console.log(`faces measured ${values.length}, turned beyond the limit ${nulls}`);
console.log(`percentiles 1/5/10/25/50/75/95: ${[0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.95].map(q).join(' / ')}`);
