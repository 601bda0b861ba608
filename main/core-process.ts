/**
 * Entry of the core process (an Electron utilityProcess): opens the library, serves the contract to the main
 * process, and on shutdown pauses any job, closes the database and exits. Heavy work (scans, analysis, training)
 * runs here and in its workers, never on the main process's thread. No electron import: a utility process is Node
 * with a `process.parentPort`.
 */
import { parseArgs } from 'node:util';
import { createKindredService } from '../app/api/service/kindred-service.js';
import { Library } from '../app/db/library.js';
import { serveCore } from './core-host.js';
import type { CoreMessage } from './core-messages.js';

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) throw new Error('core-process runs as an Electron utility process');

const { values } = parseArgs({ options: { db: { type: 'string' } }, strict: false });
if (typeof values.db !== 'string') throw new Error('core-process needs --db <path>');

const library = openLibrary(values.db);
if (library) {
  const service = createKindredService(library);
  serveCore(
    {
      postMessage: (message: CoreMessage) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    },
    service,
    () => {
      library.close();
      process.exit(0);
    },
  );
}

/** The library, or null after telling main why it could not be opened (main shows that and ends this process). */
function openLibrary(path: string): Library | null {
  try {
    return Library.open(path, { command: 'the Kindred app' });
  } catch (error) {
    parentPort!.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies CoreMessage);
    return null;
  }
}
