import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { Library } from '../db/library.js';
import { chosenEmbedder, embedderNamed } from '../settings/chosen-embedder.js';
import { defaultEmbedder, loadManifest, type EmbedderEntry } from '../shared/model-manifest.js';
import { defaultDatabasePath } from '../shared/paths.js';

/** The library database a command works on: `--db`, else `KINDRED_DB`, else the user-data default. */
export function databasePathOf(command: Command): string {
  const db = (command.optsWithGlobals() as { db?: string }).db;
  return db ?? defaultDatabasePath();
}

/** How this process is named to a second writer of its library: `kindred scan /photos`. */
export const CLI_COMMAND_LINE = ['kindred', ...process.argv.slice(2)].join(' ');

/**
 * Opens the command's library, runs `fn`, and always closes it. A command that only reads passes `access: 'read'`
 * and may run while another process writes; every other command takes the library's writer lock.
 */
export async function withLibrary<T>(
  command: Command,
  fn: (library: Library) => Promise<T>,
  options: { access?: 'read' | 'write' } = {},
): Promise<T> {
  const library = Library.open(databasePathOf(command), { access: options.access, command: CLI_COMMAND_LINE });
  try {
    return await fn(library);
  } finally {
    library.close();
  }
}

/**
 * An AbortSignal tied to Ctrl-C / SIGTERM: the first one asks the job to stop (finished work is committed), a
 * second one exits at once.
 */
export function interruptSignal(stream: NodeJS.WriteStream = process.stderr): AbortSignal {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(130);
    stream.write('\nStopping after the files in progress (press Ctrl-C again to quit now)...\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}

/** `value` if it is one of `choices`, else an error naming the option and the choices. */
export function oneOf<T extends string>(option: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new Error(`${option} must be one of ${choices.join(', ')} (got ${value})`);
}

/**
 * The embedder of a command that needs no library (verify, eval): `--model`, else the library's setting when the
 * library exists, else the one a new library uses (such a command creates no library). Measuring may use a model
 * marked unusable for libraries.
 */
export async function embedderOfLibraryOrNew(command: Command, model: string | undefined): Promise<EmbedderEntry> {
  if (model !== undefined) return embedderNamed(model, 'evaluation');
  if (!existsSync(databasePathOf(command))) return defaultEmbedder(loadManifest());
  return withLibrary(command, async (library) => chosenEmbedder(library, { use: 'evaluation' }), { access: 'read' });
}
