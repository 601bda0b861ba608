/** Starts `kindred serve` on a library in a child process, as a user would, and stops it with Ctrl-C. */
import { spawn, type ChildProcess } from 'node:child_process';
import { projectRoot } from '../../app/shared/paths.js';
import { CLI_ARGS } from '../../app/testing/run-cli.js';
// app-session imports this module too; LONG is only read when a server stops, after both have loaded.
import { LONG } from './app-session.js';

/** The command line of `kindred serve`, run from the TypeScript sources. */
export const SERVE_ARGS = [...CLI_ARGS, 'serve'];

export interface KindredServer {
  /** The printed URL, both keys in its fragment. */
  url: string;
  origin: string;
  port: number;
  /** The session key (calls and events, in an `Authorization: Bearer` header). */
  token: string;
  /** The media key (the path prefix of thumbnails, previews and face crops). */
  mediaKey: string;
  child: ChildProcess;
  /** Everything the server printed so far. */
  output(): string;
  /** Ctrl-C, then waits for a clean exit; returns the exit code. */
  stop(): Promise<number | null>;
}

export async function startKindredServer(
  dbPath: string,
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; args?: string[] } = {},
): Promise<KindredServer> {
  const child = spawn(process.execPath, [...SERVE_ARGS, '--db', dbPath, '--port', '0', ...(options.args ?? [])], {
    cwd: projectRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL'); // not left running (holding the database and a port) after the test gives up on it
      reject(new Error(`kindred serve did not start within ${(options.timeoutMs ?? 30_000) / 1000} s:\n${output}`));
    }, options.timeoutMs ?? 30_000);
    const check = (): void => {
      const match = /Kindred is running at (http:\/\/127\.0\.0\.1:\d+\/#key=[\w-]+&media=[\w-]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`kindred serve exited (${code}):\n${output}`));
    });
  });
  const parsed = new URL(url);
  const fragment = new URLSearchParams(parsed.hash.slice(1));
  return {
    url,
    origin: parsed.origin,
    port: Number(parsed.port),
    token: fragment.get('key')!,
    mediaKey: fragment.get('media')!,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), LONG); // a loaded machine can take a while to finish jobs and close
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
