/** Implements the library part of the contract over a Library. */
import { listFolder } from '../../library/folder-browser.js';
import { addFolder, removeFolder } from '../../library/library-folders.js';
import { ApiError } from '../contract/api-error.js';
import type { FileStatusDto } from '../contract/common-types.js';
import type { HandlersFor } from '../contract/contract-kit.js';
import type { libraryMethods } from '../contract/library-contract.js';
import type { ServiceContext } from './service-context.js';

export function libraryHandlers(ctx: ServiceContext): HandlersFor<typeof libraryMethods> {
  const { library, jobs, events } = ctx;
  return {
    'library.folders.list': () => library.folders.list(),

    'library.folders.add': async ({ path }) => {
      let result;
      try {
        result = await addFolder(library, path);
      } catch (error) {
        throw new ApiError('not_found', (error as Error).message);
      }
      if (result.status === 'added') events.emit('library.changed', { changes: ['folders', 'files'] });
      return result;
    },

    'library.folders.browse': ({ path, showHidden }) => listFolder(path, { showHidden: showHidden ?? false }),

    'library.folders.remove': ({ folderId }) => {
      if (!library.folders.get(folderId)) throw new ApiError('not_found', `No folder with id ${folderId}`);
      if (jobs.current()) throw new ApiError('busy', 'Pause or cancel the running job before removing a folder');
      const result = removeFolder(library, folderId);
      events.emit('library.changed', { changes: ['folders', 'files', 'photos'] });
      return result;
    },

    'library.scan.start': ({ folderIds }) => {
      const known = new Set(library.folders.list().map((f) => f.id));
      if (known.size === 0) throw new ApiError('conflict', 'The library has no folders yet: add one first');
      const unknown = (folderIds ?? []).filter((id) => !known.has(id));
      if (unknown.length > 0) throw new ApiError('not_found', `No folder with id ${unknown.join(', ')}`);
      return jobs.start(ctx.scanSpec(folderIds ? { folderIds: [...new Set(folderIds)] } : {}));
    },

    'library.scan.pause': () => jobs.pause(),
    'library.scan.resume': () => jobs.resume(),
    'library.scan.cancel': () => jobs.cancel(),

    'library.status': () => {
      const files: Record<FileStatusDto, number> = library.files.statusCounts();
      return {
        folders: library.folders.list().length,
        photos: library.photos.count(),
        files,
        problems: files.error + files.unsupported,
        job: jobs.current(),
        lastJob: jobs.last(),
        resumable: jobs.resumable(),
      };
    },

    'library.problems': ({ offset, limit, folderId }) => ctx.queries.problems(offset, limit, folderId),
  };
}
