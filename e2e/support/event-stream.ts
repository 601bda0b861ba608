/** Listens to a running server's Server-Sent Events from the test process (to act at a precise moment of a job). */
import { request } from 'node:http';

export interface ServerEvent {
  name: string;
  payload: unknown;
}

/** Calls `onEvent` for every event until the returned function is called. */
export function followEvents(port: number, token: string, onEvent: (event: ServerEvent) => void): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/events', headers: { Authorization: `Bearer ${token}` } }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const name = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (name && data) onEvent({ name, payload: JSON.parse(data) });
        }
      });
      res.on('error', () => {});
      resolve(() => req.destroy());
    });
    req.on('error', (e) => (e.message.includes('aborted') || e.message.includes('socket hang up') ? undefined : reject(e)));
    req.end();
  });
}
