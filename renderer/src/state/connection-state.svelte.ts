/** Whether the event stream to the core is up (the web host can be stopped under an open page). */
import type { RendererTransport } from '../api/renderer-transport.js';

export class ConnectionState {
  connected = $state(false);
  /** True once the first connection is made, so a drop can be told from "still starting". */
  everConnected = $state(false);

  constructor(transport: RendererTransport, onReconnect: () => void) {
    transport.onConnection((connected) => {
      const reconnect = connected && this.everConnected && !this.connected;
      this.connected = connected;
      if (connected) this.everConnected = true;
      // Events sent while the stream was down are lost: refetch what the views show.
      if (reconnect) onReconnect();
    });
  }
}
