/**
 * The part of the contract the desktop shell (Electron's main process) answers itself, because only the operating
 * system can: its folder picker, its file manager, the photo's default app. `kindred serve` has none of it (a
 * browser cannot reveal or open local paths); the renderer offers these only over the Electron transport. The
 * renderer names photos by id, never by path: the shell asks the core for the file and checks it is a library file.
 * Browser-safe: zod only.
 */
import { z } from 'zod';
import { idSchema, noInput } from './common-schemas.js';
import { method, type Contract, type HandlersOf, type MethodName } from './contract-kit.js';
import type { AddFolderResultDto } from './library-contract.js';

/** What the folder picker did: the folder it added (as library.folders.add), or nothing when the user cancelled. */
export type PickFolderResultDto = AddFolderResultDto | { status: 'cancelled' };

export const desktopContract = {
  methods: {
    'desktop.folders.pick': method<PickFolderResultDto>()({
      input: noInput,
      summary: "Opens the system's folder picker and adds the chosen folder to the library.",
    }),
    'desktop.photo.showInFolder': method<{ path: string }>()({
      input: z.strictObject({ photoId: idSchema }),
      summary: "Shows the photo's file, selected, in the system's file manager.",
    }),
    'desktop.photo.open': method<{ path: string }>()({
      input: z.strictObject({ photoId: idSchema }),
      summary: "Opens the photo's file with the system's default app for it.",
    }),
  },
  events: {},
} as const satisfies Contract;

export type DesktopContract = typeof desktopContract;
export type DesktopMethod = MethodName<DesktopContract>;
export type DesktopHandlers = HandlersOf<DesktopContract>;
