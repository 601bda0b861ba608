import { execFileSync } from 'node:child_process';

const INSTALL_HINT =
  "Debian's exiftool is required by this test (an implementation independent of exiftool-vendored): " +
  'apt-get install -y libimage-exiftool-perl (CI installs it in .ci/run)';

/** The version of the `exiftool` command, or a clear failure when it is not installed (never a silent skip). */
export function requireExiftoolCli(): string {
  try {
    return execFileSync('exiftool', ['-ver'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(INSTALL_HINT);
  }
}

/** Runs the `exiftool` command and returns its standard output. */
export function exiftoolCli(args: string[]): string {
  try {
    return execFileSync('exiftool', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { code?: string; stderr?: string; message: string };
    if (e.code === 'ENOENT') throw new Error(INSTALL_HINT);
    throw new Error(`exiftool ${args.join(' ')} failed: ${e.stderr || e.message}`);
  }
}

/** `exiftool -j -struct ...` parsed: one object per file. */
export function exiftoolJson(args: string[]): Record<string, unknown>[] {
  return JSON.parse(exiftoolCli(['-j', '-struct', ...args])) as Record<string, unknown>[];
}
