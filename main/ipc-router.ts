/**
 * The IPC side of the contract in the main process: one `invoke` channel for every method, one event channel. A
 * call is answered only when it comes from the app's own top frame (not a subframe, not a page that navigated
 * elsewhere), names a method of the contract and passes its input schema; then it goes to the core. The method
 * list and the schemas come from app/api, so a new method needs no change here. The desktop part of the contract
 * (folder picker, file manager) is answered here in the main process instead, after the same checks.
 */
import { toErrorPayload, type ApiResult } from '../app/api/contract/api-error.js';
import { isMethodName } from '../app/api/contract/contract-kit.js';
import { kindredContract, type KindredEvent } from '../app/api/contract/contract.js';
import { desktopContract, type DesktopHandlers } from '../app/api/contract/desktop-contract.js';
import { createDispatcher, parseInput } from '../app/api/service/dispatcher.js';
import { originOf } from './app-protocol.js';

export const INVOKE_CHANNEL = 'kindred:invoke';
export const EVENT_CHANNEL = 'kindred:event';

/** What the router needs of a frame: Electron's WebFrameMain has these. */
export interface FrameLike {
  url: string;
}

/** What the router needs of an invoke event: Electron's IpcMainInvokeEvent has these. */
export interface InvokeEventLike {
  senderFrame: FrameLike | null;
  sender: { mainFrame: FrameLike };
}

/** What the router needs of ipcMain. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** What event forwarding needs of a webContents. */
export interface EventTargetLike {
  isDestroyed(): boolean;
  send(channel: string, message: unknown): void;
  getURL(): string;
}

export interface IpcRouterOptions {
  /** Passes a validated call to the core (its reply is already an ApiResult). */
  invoke(method: string, input: unknown): Promise<ApiResult<unknown>>;
  /** The only origin allowed to call, e.g. `kindred://app`. */
  appOrigin: string;
  /** The desktop part of the contract, answered in the main process (validated against its own schemas). */
  desktop?: DesktopHandlers;
}

/** True when the call comes from the app's own top-level frame. */
export function isTrustedSender(event: InvokeEventLike, appOrigin: string): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  return originOf(frame.url) === appOrigin;
}

/** Registers the invoke handler; returns the function that removes it. */
export function registerIpcRouter(ipcMain: IpcMainLike, options: IpcRouterOptions): () => void {
  const desktop = options.desktop && createDispatcher(desktopContract, options.desktop);
  ipcMain.handle(INVOKE_CHANNEL, async (event, method, input) => {
    if (!isTrustedSender(event, options.appOrigin)) {
      return { ok: false, error: { code: 'forbidden', message: 'This frame may not call Kindred' } } satisfies ApiResult<never>;
    }
    if (desktop && isMethodName(desktopContract, method)) return desktop(method, input);
    try {
      // Checked here too, so a bad call never reaches the core process (which checks again).
      parseInput(kindredContract, method, input);
    } catch (error) {
      return { ok: false, error: toErrorPayload(error) } satisfies ApiResult<never>;
    }
    return options.invoke(method as string, input);
  });
  return () => ipcMain.removeHandler(INVOKE_CHANNEL);
}

/** Sends each core event to the app's windows (only those still showing the app). */
export function createEventForwarder(targets: () => EventTargetLike[], appOrigin: string): (event: KindredEvent) => void {
  return (event) => {
    for (const target of targets()) {
      if (target.isDestroyed() || originOf(target.getURL()) !== appOrigin) continue;
      target.send(EVENT_CHANNEL, { name: event.name, payload: event.payload });
    }
  };
}
