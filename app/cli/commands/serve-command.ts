import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
 * on 127.0.0.1 only and prints the one URL (with its session keys in the fragment) that opens it; Ctrl-C pauses any running job,
 * closes the library and stops.
 */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('open the Kindred app in your browser (served on 127.0.0.1 only, behind a session key)')
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
      const removeOpener = options.open ? openInBrowser(host.url) : () => {};

      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (): void => {
          if (stopping) process.exit(130); // a second Ctrl-C quits at once
          stopping = true;
          console.error('\nStopping: pausing any running job and closing the library...');
          void (async () => {
            await service.shutdown();
            await host.close();
            removeOpener();
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

/**
 * Asks the desktop to open `url` without putting it on a command line: the browser's argv is readable by every user
 * of the machine (`ps`), and the URL carries the session's keys. So the URL goes into an HTML file only this user
 * can read (a fresh 0700 folder, the file 0600) that sends the browser on to it, and the opener is given that file.
 * Returns the function that removes the file; failing to open, the printed URL is still there to copy.
 */
function openInBrowser(url: string): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-open-'));
  const file = join(dir, 'open-kindred.html');
  writeFileSync(file, redirectPage(url), { mode: 0o600 });
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [file]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', file]]
        : ['xdg-open', [file]];
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  child.on('error', () => console.error('Could not open a browser: open the address above yourself.'));
  child.unref();
  return () => rmSync(dir, { recursive: true, force: true });
}

/** A page that replaces itself with `url` (fragment and all) at once. */
function redirectPage(url: string): string {
  const attribute = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return `<!doctype html>\n<meta charset="utf-8">\n<meta name="referrer" content="no-referrer">\n<meta http-equiv="refresh" content="0;url=${attribute}">\n<title>Opening Kindred</title>\n<a href="${attribute}">Open Kindred</a>\n`;
}
