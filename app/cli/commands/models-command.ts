import type { Command } from 'commander';
import { parseExecutionProviderSetting, type ExecutionProviderSetting } from '../../vision/execution-provider.js';
import { ModelRegistry } from '../../vision/model-registry.js';

/** One line of `kindred models`. */
export interface ModelRow {
  id: string;
  role: string;
  alias: string;
  default: boolean;
  /** e.g. "150x150x3 NHWC RGB". */
  input: string;
  outputSize: number;
  built: boolean;
  /** The execution provider the session runs on, or null when the model is not built / failed to load. */
  provider: string | null;
  fallbackReason: string | null;
  /** Why the model could not be loaded (not built, bad hash, ...). */
  error: string | null;
  licence: string;
  source: string;
  file: string;
}

/** Loads every model through the registry (so the provider shown is the one really in use) and describes it. */
export async function collectModelRows(registry: ModelRegistry): Promise<ModelRow[]> {
  const defaults = new Set(Object.values(registry.manifest.defaults));
  const rows: ModelRow[] = [];
  for (const entry of registry.list()) {
    const row: ModelRow = {
      id: entry.id,
      role: entry.role,
      alias: entry.alias,
      default: defaults.has(entry.id),
      input: `${entry.input.width}x${entry.input.height}x${entry.input.channels} ${entry.input.layout} ${entry.input.colorOrder}`,
      outputSize: entry.output.size,
      built: registry.isBuilt(entry.id),
      provider: null,
      fallbackReason: null,
      error: null,
      licence: entry.licence,
      source: `${entry.source.package}@${entry.source.version}`,
      file: registry.pathOf(entry.id),
    };
    if (row.built) {
      try {
        const model = await registry.load(entry.id);
        row.provider = model.providerInUse;
        row.fallbackReason = model.fallbackReason;
      } catch (error) {
        row.error = error instanceof Error ? error.message : String(error);
      }
    } else {
      row.error = 'not built: run npm run models';
    }
    rows.push(row);
  }
  return rows;
}

/** A plain-text table of the rows, with provider fallbacks and errors listed under it. */
export function formatModelsTable(rows: ModelRow[]): string {
  const header = ['model', 'role', 'alias', 'input', 'output', 'provider', 'licence', 'source'];
  const cells = rows.map((r) => [
    r.id + (r.default ? ' *' : ''),
    r.role,
    r.alias,
    r.input,
    String(r.outputSize),
    r.provider ?? (r.built ? 'error' : 'not built'),
    r.licence,
    r.source,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line), '* default for its role'];
  for (const r of rows) {
    if (r.fallbackReason) out.push(`${r.id}: fell back to ${r.provider} (${r.fallbackReason})`);
    if (r.error) out.push(`${r.id}: ${r.error}`);
  }
  return out.join('\n');
}

/** `kindred models [--json]`: the face models, where they come from, and which hardware runs them. */
export function registerModelsCommand(program: Command): void {
  program
    .command('models')
    .description('list the face models: role, input, output size, execution provider in use, licence and source')
    .option('--json', 'print the list as JSON on stdout')
    .option('--provider <name>', 'execution provider to try: auto, cpu, cuda, dml, coreml', 'auto')
    .option('--threads <n>', 'intra-op threads per model (default: number of cores)')
    .action(async (options: { json?: boolean; provider: string; threads?: string }) => {
      const executionProvider: ExecutionProviderSetting = parseExecutionProviderSetting(options.provider);
      const threads = options.threads === undefined ? undefined : Number.parseInt(options.threads, 10);
      if (threads !== undefined && !(threads > 0)) throw new Error(`--threads must be a positive integer, not ${options.threads}`);
      const registry = new ModelRegistry({ executionProvider, ...(threads ? { intraOpNumThreads: threads } : {}) });
      try {
        const rows = await collectModelRows(registry);
        console.log(options.json ? JSON.stringify(rows, null, 2) : formatModelsTable(rows));
      } finally {
        await registry.dispose();
      }
    });
}
