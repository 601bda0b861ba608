/**
 * An in-process transport over a KindredService, for tests and tools: the same validation and typed errors as IPC
 * and HTTP, with every input, output and event passed through JSON so that nothing works here that the wire would
 * break.
 */
import type { ApiResult } from '../contract/api-error.js';
import type { ApiTransport } from '../contract/api-client.js';
import type { KindredService } from './kindred-service.js';
import { mediaPath } from '../contract/media-path.js';

const viaJson = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

export function localTransport(service: KindredService, mediaBase = 'local-media:'): ApiTransport {
  return {
    invoke: async (method, input) => viaJson(await service.invoke(method, viaJson(input))) as ApiResult<unknown>,
    on: (name, listener) =>
      service.subscribe((event) => {
        if (event.name === name) listener(viaJson(event.payload));
      }),
    mediaUrl: (ref) => `${mediaBase}${mediaPath(ref)}`,
  };
}
