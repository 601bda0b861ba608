/**
 * Failing loudly: when the desktop app cannot start (the core could not open the library — corrupt, locked by another
 * writer, written by a newer Kindred — or anything else in start-up threw), the user sees why in a dialog and the
 * process ends, giving up the single-instance lock first so the next launch is not sent to a process on its way out.
 */

/** What failing needs of Electron's `app`. */
export interface AppLike {
  releaseSingleInstanceLock(): void;
  exit(code?: number): void;
}

/** What failing needs of Electron's `dialog`. */
export interface DialogLike {
  showErrorBox(title: string, content: string): void;
}

export const START_FAILURE_TITLE = 'Kindred cannot open the library';

/** Shows `error` in a blocking dialog, releases the single-instance lock and exits with code 1. */
export function failStartup(app: AppLike, dialog: DialogLike, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  try {
    dialog.showErrorBox(START_FAILURE_TITLE, message || 'unknown error');
  } finally {
    app.releaseSingleInstanceLock();
    // exit, not quit: quit would run the quit guard and wait on a core that never started.
    app.exit(1);
  }
}
