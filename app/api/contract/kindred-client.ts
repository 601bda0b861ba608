/** The client of Kindred's contract, for the renderer and for tests. Browser-safe. */
import { createApiClient, type ApiClient, type ApiTransport } from './api-client.js';
import type { KindredContract } from './contract.js';

export type KindredClient = ApiClient<KindredContract>;

export function createKindredClient(transport: ApiTransport): KindredClient {
  return createApiClient<KindredContract>(transport);
}
