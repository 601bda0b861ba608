/**
 * For contract tests: a real service over a real library of the variant photos (two people, three faces each),
 * already scanned, with a client on the in-process transport. One place, so every handler test starts the same way.
 */
import { join } from 'node:path';
import { ensureModelBuilt } from '../../../../native-models/model-build.js';
import { Library } from '../../../db/library.js';
import { makeTempDir } from '../../../testing/temp-dir.js';
import { writeVariantLibrary } from '../../../testing/variant-library.js';
import { ApiError } from '../../contract/api-error.js';
import { createKindredClient, type KindredClient } from '../../contract/kindred-client.js';
import { createKindredService, type KindredService } from '../kindred-service.js';
import { localTransport } from '../local-transport.js';

export interface ScannedService {
  library: Library;
  service: KindredService;
  client: KindredClient;
  /** The photo files by person. */
  photos: Awaited<ReturnType<typeof writeVariantLibrary>>;
  close: () => Promise<void>;
}

/** Writes the variant library, scans it through the contract and waits until every job is done. */
export async function openScannedService(onClient: (client: KindredClient) => void = () => {}): Promise<ScannedService> {
  await ensureModelBuilt('accurate');
  const temp = makeTempDir();
  const photos = await writeVariantLibrary(join(temp.dir, 'photos'));
  const library = Library.open(join(temp.dir, 'data', 'kindred.db'));
  const service = createKindredService(library);
  const client = createKindredClient(localTransport(service));
  onClient(client);
  await client.invoke('library.folders.add', { path: join(temp.dir, 'photos') });
  await client.invoke('library.scan.start', {});
  await service.whenIdle();
  const close = async () => {
    await service.shutdown();
    library.close();
    temp.cleanup();
  };
  return { library, service, client, photos, close };
}

/** The ApiError a call fails with (fails the test when the call succeeds or throws something else). */
export async function apiErrorOf(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}
