/**
 * The renderer's one client of the contract, over whichever transport this page runs on: the preload bridge in
 * Electron, HTTP + Server-Sent Events under `kindred serve`. Chosen once, at start.
 */
import { createApiClient, type ApiClient, type KindredBridge } from '../../../app/api/contract/api-client.js';
import type { DesktopContract } from '../../../app/api/contract/desktop-contract.js';
import { createKindredClient, type KindredClient } from '../../../app/api/contract/kindred-client.js';
import { electronTransport } from './electron-transport.js';
import { httpTransport } from './http-transport.js';
import type { RendererTransport } from './renderer-transport.js';

declare global {
  interface Window {
    /** Present only inside Electron, where the preload exposes the contract. */
    kindred?: KindredBridge;
  }
}

export function chooseTransport(): RendererTransport {
  return window.kindred ? electronTransport(window.kindred) : httpTransport();
}

export const transport: RendererTransport = chooseTransport();
export const client: KindredClient = createKindredClient(transport);

/**
 * The desktop shell's part of the contract (folder picker, file manager, default app): only inside Electron. Under
 * `kindred serve` it is null and the renderer offers the core's folder browser instead.
 */
export const desktop: ApiClient<DesktopContract> | null = window.kindred ? createApiClient<DesktopContract>(transport) : null;

/** The path of a folder dropped from the file manager (Electron only; null elsewhere or for anything else). */
export function pathOfDropped(file: File): string | null {
  return window.kindred?.pathForFile?.(file) || null;
}
