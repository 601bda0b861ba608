import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script, createContext } from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../app/shared/paths.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-router.js';

/**
 * Runs the preload the way Electron's sandbox does: compiled to one CommonJS script, with a `require` that knows only
 * 'electron' (here a hand-made contextBridge and ipcRenderer) and `process.type === 'renderer'`.
 */
function runPreload() {
  const source = readFileSync(join(projectRoot, 'main', 'preload.cts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const exposed = new Map<string, unknown>();
  const invoked: unknown[][] = [];
  const ipcListeners: { channel: string; listener: (event: unknown, message: unknown) => void }[] = [];
  const required: string[] = [];
  const dropped = new Map<object, string>();
  const electron = {
    webUtils: {
      // Like Electron's: a path for a File from a drop, a TypeError for anything else.
      getPathForFile: (file: unknown) => {
        const path = typeof file === 'object' && file !== null ? dropped.get(file) : undefined;
        if (path === undefined) throw new TypeError('Error processing argument at index 0, conversion failure from');
        return path;
      },
    },
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: async (...args: unknown[]) => {
        invoked.push(args);
        return { ok: true, value: 'reply' };
      },
      on: (channel: string, listener: (event: unknown, message: unknown) => void) => ipcListeners.push({ channel, listener }),
      removeListener: () => {},
      send: () => {
        throw new Error('the bridge must not use send');
      },
    },
  };
  const module = { exports: {} as Record<string, unknown> };
  const sandboxRequire = (name: string): unknown => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`module not found in the sandbox: ${name}`);
  };
  new Script(outputText).runInContext(createContext({ require: sandboxRequire, module, exports: module.exports, process: { type: 'renderer' } }));
  const emit = (message: unknown): void => {
    for (const { channel, listener } of ipcListeners) if (channel === EVENT_CHANNEL) listener({ sender: electron.ipcRenderer }, message);
  };
  return { exposed, invoked, ipcListeners, required, emit, dropped, exports: module.exports };
}

describe('preload bridge (Electron mocked: binary not available here)', () => {
  it('exposes exactly window.kindred with invoke, on and pathForFile, requiring nothing but electron', () => {
    const { exposed, required } = runPreload();
    expect([...exposed.keys()]).toEqual(['kindred']);
    const bridge = exposed.get('kindred') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on', 'pathForFile']);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(required).toEqual(['electron']);
  });

  it('uses the router\'s channels', () => {
    const { exports } = runPreload();
    expect(exports['CHANNELS']).toEqual({ invoke: INVOKE_CHANNEL, event: EVENT_CHANNEL });
  });

  it('invokes through the one channel and returns the reply', async () => {
    const { exposed, invoked } = runPreload();
    const bridge = exposed.get('kindred') as { invoke(m: string, i: unknown): Promise<unknown> };
    expect(await bridge.invoke('library.status', {})).toEqual({ ok: true, value: 'reply' });
    expect(invoked).toEqual([[INVOKE_CHANNEL, 'library.status', {}]]);
  });

  it('delivers only the payload of the named event (never the IPC event object), and unsubscribes', () => {
    const { exposed, emit, ipcListeners } = runPreload();
    const bridge = exposed.get('kindred') as { on(e: string, l: (p: unknown) => void): () => void };
    const got: unknown[][] = [];
    const off = bridge.on('job.progress', (...args) => got.push(args));
    bridge.on('library.changed', () => got.push(['other']));
    bridge.on('job.progress', () => got.push(['second']));
    expect(ipcListeners).toHaveLength(1); // one IPC listener fans out
    emit({ name: 'job.progress', payload: { done: 1 } });
    emit({ name: 'people.changed', payload: {} });
    emit('garbage');
    emit(null);
    expect(got).toEqual([[{ done: 1 }], ['second']]);
    off();
    emit({ name: 'job.progress', payload: { done: 2 } });
    expect(got).toEqual([[{ done: 1 }], ['second'], ['second']]);
  });

  it('gives the path of a dropped folder through webUtils (File.path is gone), and an empty one for anything else', () => {
    const { exposed, dropped } = runPreload();
    const bridge = exposed.get('kindred') as { pathForFile(file: unknown): string };
    const folder = { name: 'Holidays' };
    dropped.set(folder, '/home/ann/Pictures/Holidays');
    expect(bridge.pathForFile(folder)).toBe('/home/ann/Pictures/Holidays');
    expect(bridge.pathForFile({ name: 'not dropped', path: '/etc' })).toBe('');
    expect(bridge.pathForFile('/etc/passwd')).toBe('');
  });

  it('exposes nothing when not in an Electron renderer', async () => {
    // Imported under plain Node, the module must not touch electron (which would try to download its binary).
    const source = readFileSync(join(projectRoot, 'main', 'preload.cts'), 'utf8');
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS } });
    const required: string[] = [];
    const module = { exports: {} };
    new Script(outputText).runInContext(createContext({ require: (n: string) => required.push(n), module, exports: module.exports, process: {} }));
    expect(required).toEqual([]);
  });
});
