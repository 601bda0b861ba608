// `npm run bench [-- --only NAME[,NAME]] [--json]`: Kindred's benchmarks. Each prints its numbers and a ratio
// against a baseline measured in the same process; nothing here is a test and CI times nothing.
import { runScanBench } from './scan-bench.js';

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

const args = process.argv.slice(2);
const json = args.includes('--json');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? (args[onlyIndex + 1] ?? '').split(',') : null;
const results: Record<string, unknown> = {};
for (const bench of benches) {
  if (only && !only.includes(bench.name)) continue;
  const result = await bench.run();
  results[bench.name] = result;
  if (!json) bench.print(result);
}
if (json) console.log(JSON.stringify(results, null, 2));
