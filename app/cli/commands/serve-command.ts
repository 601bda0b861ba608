import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { createKindredService } from '../../api/service/kindred-service.js';
import { startWebHost } from '../../api/web-host/web-host.js';
import { Library } from '../../db/library.js';
import { projectRoot } from '../../shared/paths.js';
import { CLI_COMMAND_LINE, databasePathOf } from '../cli-context.js';

/** Where `npm run build:renderer` puts the renderer. */
export const RENDERER_DIST = join(projectRoot, 'renderer', 'dist');

/**
 * `kindred serve [--port N] [--open]`: the desktop app in a browser, for machines where Electron cannot run. Serves
 * on 127.0.0.1 only and prints the one URL (with its session token) that opens it; Ctrl-C pauses any running job,
 * closes the library and stops.
 */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('open the Kindred app in your browser (served on 127.0.0.1 only, behind a session token)')
    .option('--port <n>', 'port to listen on (default: a free one)', parsePort, 0)
    .option('--open', 'open the app in the default browser')
    .action(async (options: { port: number; open?: boolean }, command: Command) => {
      if (!existsSync(join(RENDERER_DIST, 'index.html'))) {
        throw new Error(`The app is not built (${RENDERER_DIST} has no index.html): run npm run build:renderer`);
      }
      const library = Library.open(databasePathOf(command), { command: CLI_COMMAND_LINE });
      const service = createKindredService(library);
      let host;
      try {
        host = await startWebHost({ service, rendererDir: RENDERER_DIST, port: options.port });
      } catch (error) {
        await service.shutdown();
        library.close();
        throw error;
      }
      console.log(`Kindred is running at ${host.url}`);
      console.log('Open that address in your browser (it carries this session\'s key). Press Ctrl-C to stop.');
      if (options.open) openInBrowser(host.url);

      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (): void => {
          if (stopping) process.exit(130); // a second Ctrl-C quits at once
          stopping = true;
          console.error('\nStopping: pausing any running job and closing the library...');
          void (async () => {
            await service.shutdown();
            await host.close();
            library.close();
            resolve();
          })();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, not ${value}`);
  return port;
}

/** Asks the desktop to open `url`; failing that, the printed URL is still there to copy. */
function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  child.on('error', () => console.error('Could not open a browser: open the address above yourself.'));
  child.unref();
}
