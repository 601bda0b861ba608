// `npm run bench [-- --only NAME[,NAME]] [--json]`: Kindred's benchmarks. Each prints its numbers and a ratio
// against a baseline measured in the same process; nothing here is a test and CI times nothing.
import { formatGroupingBench, runGroupingBench } from './grouping-bench.js';
import { runHashBench } from './hash-bench.js';
import { formatHnswBench, runHnswBench } from './hnsw-bench.js';
import { runModelInferenceBench } from './model-inference.js';
import { formatPipelineBench, runPipelineBench } from './pipeline-bench.js';
import { runScanBench } from './scan-bench.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const flagNumber = (flag: string): number | undefined => (args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : undefined);

type Bench = { name: string; run: () => Promise<Record<string, unknown>>; print: (r: Record<string, unknown>) => void };

const fmt = (n: unknown, digits = 1): string => (typeof n === 'number' ? n.toFixed(digits) : String(n));

const benches: Bench[] = [
  {
    name: 'scan',
    run: async () => ({ ...(await runScanBench()) }),
    print: (r) => {
      console.log(`scan: generated library of ${r['photos']} JPEGs (1600×1200, EXIF)`);
      console.log(`  cold scan         ${fmt(r['coldFilesPerSecond'])} files/s`);
      console.log(`  incremental scan  ${fmt(r['rescanFilesPerSecond'])} files/s`);
      console.log(`  ratio             ${fmt(r['rescanOverCold'])}× (incremental / cold)`);
    },
  },
];

benches.push({
  name: 'hash',
  run: async () => ({ rows: await runHashBench() }),
  print: (r) => {
    console.log('hash: content identity per photo, ms (whole-file sha256 = old; pixel identity = new; thumbnail for scale)');
    for (const row of r['rows'] as Awaited<ReturnType<typeof runHashBench>>) {
      console.log(
        `  ${row.file.padEnd(28)} ${fmt(row.megabytes, 2).padStart(6)} MB  file ${fmt(row.fileHashMs, 2).padStart(7)}  pixels ${fmt(row.pixelHashMs, 2).padStart(7)}` +
          `  (${fmt(row.pixelHashMs / row.fileHashMs, 2)}×)  thumbnail ${fmt(row.thumbnailMs, 1).padStart(6)}`,
      );
    }
  },
});

benches.push({
  // `--quick`: one copy per size and 300 photos in the linearity run; `--linear N` sets that run's length (0: none).
  name: 'pipeline',
  run: async () => ({
    ...(await runPipelineBench({
      ...(quick ? { sizes: [3, 12, 24].map((megapixels) => ({ megapixels, copies: 1 })) } : {}),
      linearCount: flagNumber('--linear') ?? (quick ? 300 : 2000),
      linearMegapixels: 1,
    })),
  }),
  print: (r) => console.log(formatPipelineBench(r as unknown as Parameters<typeof formatPipelineBench>[0])),
});

benches.push({
  name: 'models',
  run: async () => ({ ...(await runModelInferenceBench(2)) }),
  print: (r) => {
    console.log(`models: ONNX Runtime CPU, ${r['threads']} intra-op threads, median per image`);
    for (const t of r['timings'] as { model: string; batch: number; msPerImage: number }[]) {
      console.log(`  ${t.model.padEnd(22)} batch ${String(t.batch).padStart(2)}  ${fmt(t.msPerImage, 2)} ms/image`);
    }
    console.log(`  ratio  dlib batch 8 / batch 1 per image: ${fmt(r['dlibBatch8OverBatch1'], 2)}×`);
    for (const d of r['detectorLayout'] as { model: string; fileMs: number; loadedMs: number; ratio: number }[]) {
      console.log(`  ratio  ${d.model} as loaded (channel-padded) / as its file: ${fmt(d.ratio, 2)}× (${fmt(d.loadedMs, 2)} / ${fmt(d.fileMs, 2)} ms)`);
    }
  },
});

benches.push({
  name: 'hnsw',
  // 1M vectors take about 6 minutes to build on 2 cores; `--only hnsw-100k` measures 100k alone.
  run: async () => ({ ...(await runHnswBench(only?.includes('hnsw-100k') ? [100_000] : [100_000, 1_000_000])) }),
  print: (r) => console.log(formatHnswBench(r as unknown as Parameters<typeof formatHnswBench>[0])),
});

benches.push({
  name: 'grouping',
  // Full regroup of 100k faces and 1,000 arriving: `--only grouping`; GROUPING_FACES overrides the size.
  run: async () => ({ ...(await runGroupingBench(Number(process.env['GROUPING_FACES'] ?? 100_000))) }),
  print: (r) => console.log(formatGroupingBench(r as unknown as Parameters<typeof formatGroupingBench>[0])),
});

const json = args.includes('--json');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? (args[onlyIndex + 1] ?? '').split(',') : null;
const results: Record<string, unknown> = {};
for (const bench of benches) {
  if (only && !only.includes(bench.name) && !(bench.name === 'hnsw' && only.includes('hnsw-100k'))) continue;
  const result = await bench.run();
  results[bench.name] = result;
  if (!json) bench.print(result);
}
if (json) console.log(JSON.stringify(results, null, 2));
