import type { Command } from 'commander';
import { Library } from '../db/library.js';
import { defaultDatabasePath } from '../shared/paths.js';

/** The library database a command works on: `--db`, else `KINDRED_DB`, else the user-data default. */
export function databasePathOf(command: Command): string {
  const db = (command.optsWithGlobals() as { db?: string }).db;
  return db ?? defaultDatabasePath();
}

/** Opens the command's library, runs `fn`, and always closes it. */
export async function withLibrary<T>(command: Command, fn: (library: Library) => Promise<T>): Promise<T> {
  const library = Library.open(databasePathOf(command));
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
