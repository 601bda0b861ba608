/**
 * The preload bridge: exposes exactly the contract's two verbs as `window.kindred.invoke(method, input)` and
 * `window.kindred.on(event, listener)`, plus `pathForFile(file)` for folders dropped from the file manager (a File's
 * path is no longer on the File in current Electron: webUtils finds it, only for a File the user dropped), and
 * nothing else of Electron (no ipcRenderer, no event objects). It runs
 * sandboxed, where a preload must be one CommonJS file that requires only 'electron': hence .cts and no imports of
 * our own modules. The channel names match main/ipc-router.ts (a test checks they do).
 */
import type { IpcRendererEvent } from 'electron';

const INVOKE_CHANNEL = 'kindred:invoke';
const EVENT_CHANNEL = 'kindred:event';

/** What the bridge needs of ipcRenderer. */
interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: IpcRendererEvent | unknown, message: unknown) => void): unknown;
}

/** What the bridge needs of webUtils. */
interface FileUtilsLike {
  getPathForFile(file: never): string;
}

interface Bridge {
  invoke(method: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  pathForFile(file: unknown): string;
}

const CHANNELS = { invoke: INVOKE_CHANNEL, event: EVENT_CHANNEL } as const;

function createBridge(ipc: IpcRendererLike, files: FileUtilsLike): Bridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let listening = false;
  const dispatch = (_event: unknown, message: unknown): void => {
    if (typeof message !== 'object' || message === null) return;
    const { name, payload } = message as { name?: unknown; payload?: unknown };
    if (typeof name !== 'string') return;
    for (const listener of listeners.get(name) ?? []) listener(payload);
  };
  return Object.freeze({
    invoke(method: string, input: unknown): Promise<unknown> {
      return ipc.invoke(INVOKE_CHANNEL, String(method), input);
    },
    on(event: string, listener: (payload: unknown) => void): () => void {
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      if (!listening) {
        // One IPC listener fans out to every subscriber (no listener leak warnings, one deserialisation per event).
        ipc.on(EVENT_CHANNEL, dispatch);
        listening = true;
      }
      const name = String(event);
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    pathForFile(file: unknown): string {
      // '' for anything that is not a dropped file (webUtils throws on other objects): the core then refuses the path.
      try {
        return String(files.getPathForFile(file as never));
      } catch {
        return '';
      }
    },
  });
}

// In Electron's sandboxed preload, `process.type` is 'renderer'; under Node (tests) nothing is exposed.
if ((process as { type?: string }).type === 'renderer') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { contextBridge, ipcRenderer, webUtils } = require('electron') as typeof import('electron');
  contextBridge.exposeInMainWorld('kindred', createBridge(ipcRenderer, webUtils));
}

// CommonJS export, for tests (the sandbox ignores it).
export = { createBridge, CHANNELS };
