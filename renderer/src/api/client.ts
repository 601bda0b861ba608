/**
 * The renderer's one client of the contract, over whichever transport this page runs on: the preload bridge in
 * Electron, HTTP + Server-Sent Events under `kindred serve`. Chosen once, at start.
 */
import type { KindredBridge } from '../../../app/api/contract/api-client.js';
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
