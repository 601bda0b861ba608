/**
 * The desktop part of the contract (app/api/contract/desktop-contract.ts), answered in the main process: the folder
 * picker hands only the chosen path to the core (library.folders.add); "show in folder" and "open" take a photo id,
 * ask the core for that photo's files and act only on one that lies inside a library folder and is a regular file —
 * never a path from the renderer, and never shell.openExternal.
 */
import { stat } from 'node:fs/promises';
import { isAbsolute, normalize, sep } from 'node:path';
import { createApiClient } from '../app/api/contract/api-client.js';
import { ApiError, type ApiResult } from '../app/api/contract/api-error.js';
import type { KindredContract } from '../app/api/contract/contract.js';
import type { DesktopHandlers } from '../app/api/contract/desktop-contract.js';

/** What the handlers need of Electron's dialog (showOpenDialog with a parent window, or none). */
export interface FolderDialogLike {
  showOpenDialog(options: { title: string; buttonLabel: string; properties: ('openDirectory' | 'createDirectory')[] }): Promise<{ canceled: boolean; filePaths: string[] }>;
}

/** What the handlers need of Electron's shell. */
export interface ShellLike {
  showItemInFolder(path: string): void;
  /** Resolves to '' on success, else the reason. */
  openPath(path: string): Promise<string>;
}

export interface DesktopActionsOptions {
  /** Calls the core (its reply is an ApiResult). */
  invoke(method: string, input: unknown): Promise<ApiResult<unknown>>;
  dialog: FolderDialogLike;
  shell: ShellLike;
  /** Whether a path is a regular file now (fs by default). */
  isFile?(path: string): Promise<boolean>;
}

export function createDesktopHandlers(options: DesktopActionsOptions): DesktopHandlers {
  const core = createApiClient<KindredContract>({ invoke: options.invoke, on: () => () => {}, mediaUrl: () => '' });
  const isFile = options.isFile ?? (async (path: string) => (await stat(path).catch(() => null))?.isFile() ?? false);

  /** The photo's first file that is a library file on disk now. */
  const libraryFileOf = async (photoId: number): Promise<string> => {
    const [photo, folders] = await Promise.all([core.invoke('photos.get', { photoId }), core.invoke('library.folders.list')]);
    const prefixes = folders.map((f) => (f.path.endsWith(sep) ? f.path : f.path + sep));
    for (const file of photo.files) {
      if (file.status !== 'ok' || !isInsideFolders(file.path, prefixes)) continue;
      if (await isFile(file.path)) return file.path;
    }
    throw new ApiError('not_found', "This photo's file is no longer in the library's folders (moved or deleted?): rescan to catch up");
  };

  return {
    'desktop.folders.pick': async () => {
      const choice = await options.dialog.showOpenDialog({ title: 'Add a folder of photos', buttonLabel: 'Add folder', properties: ['openDirectory', 'createDirectory'] });
      const path = choice.filePaths[0];
      if (choice.canceled || path === undefined) return { status: 'cancelled' };
      return core.invoke('library.folders.add', { path });
    },
    'desktop.photo.showInFolder': async ({ photoId }) => {
      const path = await libraryFileOf(photoId);
      options.shell.showItemInFolder(path);
      return { path };
    },
    'desktop.photo.open': async ({ photoId }) => {
      const path = await libraryFileOf(photoId);
      const failure = await options.shell.openPath(path);
      if (failure) throw new ApiError('internal', `The system could not open ${path}: ${failure}`);
      return { path };
    },
  };
}

/** An absolute, already-normal path (no `..` to climb out with) under one of the folder prefixes. */
export function isInsideFolders(path: string, prefixes: readonly string[]): boolean {
  return isAbsolute(path) && normalize(path) === path && prefixes.some((prefix) => path.startsWith(prefix));
}
