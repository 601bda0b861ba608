/** A real library with the public fixtures scanned, and the Kindred service over it (for main/ tests). */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createKindredService, type KindredService } from '../../app/api/service/kindred-service.js';
import { Library } from '../../app/db/library.js';
import { addFolder } from '../../app/library/library-folders.js';
import { scanLibrary } from '../../app/library/catalogue.js';
import { fixturesDir } from '../../app/testing/shared-faces.js';
import { makeTempDir } from '../../app/testing/temp-dir.js';

export interface ScannedLibrary {
  root: string;
  library: Library;
  service: KindredService;
  photoIds: number[];
  close(): Promise<void>;
}

export async function scannedLibrary(): Promise<ScannedLibrary> {
  const { dir: root, cleanup } = makeTempDir('kindred-main-');
  const photos = join(root, 'photos');
  mkdirSync(photos);
  for (const name of readdirSync(fixturesDir).filter((n) => !n.endsWith('.md'))) copyFileSync(join(fixturesDir, name), join(photos, name));
  const library = Library.open(join(root, 'data', 'kindred.db'));
  await addFolder(library, photos);
  await scanLibrary(library);
  // Catalogue-only scans: these tests are about the Electron plumbing, not the face pipeline.
  const service = createKindredService(library, { findFaces: false });
  const photoIds = (library.db.prepare('SELECT id FROM photos ORDER BY id').all() as { id: number }[]).map((r) => r.id);
  return {
    root,
    library,
    service,
    photoIds,
    close: async () => {
      await service.shutdown();
      library.close();
      cleanup();
    },
  };
}
