import { execFileSync } from 'node:child_process';

/**
 * Extended attributes from tests, through whichever tool this machine has (`setfattr`/`getfattr`, else Python's
 * os.setxattr), or null when none works here (no tool, or a file system without user xattrs): callers skip.
 */
export interface XattrTool {
  set(path: string, name: string, value: string): void;
  get(path: string, name: string): string | null;
}

const run = (command: string, args: string[]): string => execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

const attr = {
  set: (path: string, name: string, value: string) => run('setfattr', ['-n', name, '-v', value, path]),
  get: (path: string, name: string) => {
    try {
      return run('getfattr', ['--only-values', '-n', name, path]);
    } catch {
      return null;
    }
  },
};
const python = {
  set: (path: string, name: string, value: string) => run('python3', ['-c', 'import os,sys; os.setxattr(sys.argv[1], sys.argv[2], sys.argv[3].encode())', path, name, value]),
  get: (path: string, name: string) => {
    try {
      return run('python3', ['-c', 'import os,sys; sys.stdout.write(os.getxattr(sys.argv[1], sys.argv[2]).decode())', path, name]);
    } catch {
      return null;
    }
  },
};

/** A tool that can set and read back a user xattr on a file in `dir`, or null. */
export function xattrToolFor(probeFile: string): XattrTool | null {
  for (const tool of [attr, python]) {
    try {
      tool.set(probeFile, 'user.kindred.probe', 'ok');
      if (tool.get(probeFile, 'user.kindred.probe') === 'ok') return tool;
    } catch {
      // this tool is missing or the file system refuses: try the next
    }
  }
  return null;
}
