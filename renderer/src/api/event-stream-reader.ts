/**
 * Server-Sent Events read with fetch, so that each request can carry the session key in a header (EventSource cannot
 * send headers, and the key must never be a cookie or sit in a URL). Reconnects as EventSource does, waiting the
 * server's `retry:` time between tries.
 */

export interface EventStreamHandlers {
  onOpen(): void;
  onClose(): void;
  onEvent(name: string, data: string): void;
}

/** Follows the stream at `url` until the returned function is called. */
export function followEventStream(url: string, headers: () => Record<string, string>, handlers: EventStreamHandlers): () => void {
  const controller = new AbortController();
  let retryMs = 2000;

  const readOnce = async (): Promise<void> => {
    const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers() }, signal: controller.signal, cache: 'no-store' });
    if (!response.ok || !response.body) return;
    handlers.onOpen();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value.replace(/\r\n?/g, '\n');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const message = parseBlock(block);
        if (message.retry !== undefined) retryMs = message.retry;
        if (message.data !== undefined) handlers.onEvent(message.event, message.data);
      }
    }
  };

  void (async () => {
    while (!controller.signal.aborted) {
      try {
        await readOnce();
      } catch {
        // a dropped connection or a server that is not there (yet): try again after the retry time
      }
      handlers.onClose();
      if (controller.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  })();
  return () => controller.abort();
}

/** One event block: its name (`message` by default), its data lines joined, and a `retry:` time if given. */
function parseBlock(block: string): { event: string; data?: string; retry?: number } {
  let event = 'message';
  const data: string[] = [];
  let retry: number | undefined;
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
  }
  return { event, data: data.length > 0 ? data.join('\n') : undefined, retry };
}
