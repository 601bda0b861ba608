import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from './shared-faces.js';

/** The command line that runs the `kindred` CLI from the TypeScript sources (what tests exercise). */
export const CLI_ARGS = ['--import', 'tsx', join(projectRoot, 'app', 'cli', 'main.ts')];

/** What a `kindred` child process left: its exit and its output. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `kindred ...args` in a child process and collects its output. `launcher` is a command that runs node for
 * us (e.g. `setpriv` with fewer privileges); node and the CLI's arguments follow it.
 */
export function runCli(args: string[], options: SpawnOptions = {}, launcher: string[] = []): Promise<CliResult> {
  return startCli(args, options, launcher).done;
}

/** Starts `kindred ...args` and hands back the child (to signal it) with a promise of its result. */
export function startCli(args: string[], options: SpawnOptions = {}, launcher: string[] = []): { child: ChildProcess; done: Promise<CliResult> } {
  const [command, ...commandArgs] = [...launcher, process.execPath, ...CLI_ARGS, ...args];
  const child = spawn(command!, commandArgs, { cwd: projectRoot, ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  const done = new Promise<CliResult>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}
